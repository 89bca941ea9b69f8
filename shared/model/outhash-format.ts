/**
 * The output formats OEOuthashBasic has had (spec/outhash.md section 9), as feature switches, and
 * the names a user can select them by (format ids F0..F11, "current", "2019-original", and the
 * Yocto branch names whose tip produces each format).
 */
import { InspectorError } from './errors';

/** What distinguishes one historical output format from another. */
export interface OuthashFeatures {
  /** F0: multi-line entries, file names only, no directory lines, fixmepath not skipped. */
  original2019: boolean;
  /** F2: HASHEQUIV_HASH_VERSION line after the first header line. */
  hashVersionLine: boolean;
  /** F3: no owners for package_write_* and package_qa even under pseudo. */
  ownerTaskExceptions: boolean;
  /** F4: timestamps for task package only with BUILD_REPRODUCIBLE_BINARIES=1; F8: always. */
  timestamps: 'none' | 'opt-in' | 'always';
  /** F11: timestamps later than SOURCE_DATE_EPOCH are written as SOURCE_DATE_EPOCH. */
  clampTimestamps: boolean;
  /** F5: no line for the top directory when the task is package. */
  noRootForPackage: boolean;
  /** F6: SSTATE_HASHEQUIV_FILEMAP filtering. */
  filemap: boolean;
  /** F7: group/other permission characters only when owners are included. */
  groupOtherOnlyWithOwners: boolean;
  /** F9: HASHEQUIV_EXTRA_SIGDATA line(s). */
  extraSigdata: boolean;
  /** F10: symlinks that resolve to directories are emitted (type l). */
  emitSymlinkedDirs: boolean;
}

/** The canonical format ids, oldest first. F11 is the current format. */
export const OUTHASH_FORMAT_IDS = [
  'F0',
  'F1',
  'F2',
  'F3',
  'F4',
  'F5',
  'F6',
  'F7',
  'F8',
  'F9',
  'F10',
  'F11',
  'dunfell',
] as const;

/** A canonical format id ('dunfell' is the one non-cumulative combination: F1..F5 only). */
export type OuthashFormatId = (typeof OUTHASH_FORMAT_IDS)[number];

/** Accepted names (lowercase) and the format they select. */
export const OUTHASH_FORMAT_ALIASES: Readonly<Record<string, OuthashFormatId>> = {
  current: 'F11',
  '2019': 'F0',
  '2019-original': 'F0',
  original: 'F0',
  warrior: 'F1',
  zeus: 'F1',
  dunfell: 'dunfell',
  gatesgarth: 'F4',
  hardknott: 'F4',
  honister: 'F7',
  langdale: 'F10',
  mickledore: 'F10',
  nanbield: 'F10',
  kirkstone: 'F11',
  scarthgap: 'F11',
  styhead: 'F11',
  walnascar: 'F11',
  master: 'F11',
};

/** One line per format for --help: id, date and what changed. */
export const OUTHASH_FORMAT_HELP: readonly string[] = [
  'F0  2019-01-07 original multi-line format (alias 2019-original)',
  'F1  2019-01-21 single "ls -l" line (warrior, zeus)',
  'F2  2020-02-25 + HASHEQUIV_HASH_VERSION line',
  'F3  2020-10-07 + no owners for package_write_*/package_qa',
  'F4  2020-10-30 + package timestamps with BUILD_REPRODUCIBLE_BINARIES=1 (gatesgarth, hardknott)',
  'F5  2021-09-16 + no root line for package',
  'F6  2021-10-04 + SSTATE_HASHEQUIV_FILEMAP',
  'F7  2021-10-08 + group/other permissions only with owners (honister)',
  'F8  2021-10-16 + package timestamps always',
  'F9  2022-01-17 + HASHEQUIV_EXTRA_SIGDATA line',
  'F10 2023-02-15 + symlinked directories emitted (langdale, mickledore, nanbield)',
  'F11 2024-10-28 + timestamps clamped to SOURCE_DATE_EPOCH (current; kirkstone>=4.0.24, scarthgap, ...)',
  'dunfell        F1..F5 without later changes (dunfell 3.1 tip)',
];

function cumulative(level: number): OuthashFeatures {
  return {
    original2019: level === 0,
    hashVersionLine: level >= 2,
    ownerTaskExceptions: level >= 3,
    timestamps: level >= 8 ? 'always' : level >= 4 ? 'opt-in' : 'none',
    clampTimestamps: level >= 11,
    noRootForPackage: level >= 5,
    filemap: level >= 6,
    groupOtherOnlyWithOwners: level >= 7,
    extraSigdata: level >= 9,
    emitSymlinkedDirs: level >= 10,
  };
}

/** The features of a canonical format id. */
export function featuresOf(id: OuthashFormatId): OuthashFeatures {
  if (id === 'dunfell') return cumulative(5);
  return cumulative(Number(id.slice(1)));
}

/** Resolves a user-given format name (case-insensitive) to its id; INVALID_INPUT when unknown. */
export function resolveOuthashFormat(name: string | undefined): OuthashFormatId {
  if (name === undefined || name === '') return 'F11';
  const lower = name.toLowerCase();
  const upper = name.toUpperCase();
  if ((OUTHASH_FORMAT_IDS as readonly string[]).includes(upper)) return upper as OuthashFormatId;
  const alias = OUTHASH_FORMAT_ALIASES[lower];
  if (alias) return alias;
  throw new InspectorError(
    'INVALID_INPUT',
    `Unknown outhash format '${name}'. Known: ${[...OUTHASH_FORMAT_IDS.filter((f) => f !== 'dunfell'), ...Object.keys(OUTHASH_FORMAT_ALIASES)].join(', ')}`,
  );
}
