/**
 * Verify: recompute a task's outhash from its sstate archive and compare it with what the build
 * recorded (hashserv.db's outhash and/or the depsig.do_<task> sigtext), with the field-level
 * diff when the sigtext is at hand.
 */
import { createHash } from 'node:crypto';
import { InspectorError } from '../../../shared/model/errors';
import { diffSigtexts, parseSigtext, type SigtextDiff } from '../../../shared/model/outhash-sigtext';
import type { ProgressFn } from '../../../shared/model/progress';
import { readDepsigText } from './build-inputs';
import { computeOuthashFromArchive, type OuthashParams } from './compute';
import { resolveOuthashInputs, type OuthashInputOverrides } from './resolve-inputs';

/** Input of verifyOuthash. */
export interface VerifyOuthashInput {
  archivePath: string;
  /** The outhash the server recorded (hashserv.db outhashes_v2.outhash). */
  recordedOuthash?: string;
  /** The build's depsig.do_<task> (or depsig.do_<task>.<pid>). */
  depsigPath?: string;
  /** Explicit inputs; they win over what the archive name and the depsig file say. */
  params?: OuthashInputOverrides;
  signal?: AbortSignal;
  onProgress?: ProgressFn;
}

/** Result of verifyOuthash. */
export interface VerifyOuthashResult {
  status: 'match' | 'mismatch';
  computed: { outhash: string; sigtext: string };
  /** What was compared against; `depsigOuthash` is sha256 of the depsig file. */
  recorded: { outhash?: string; depsigOuthash?: string; depsigPath?: string };
  /** Our sigtext (A) against the depsig's (B), when a depsig was given. */
  diff?: SigtextDiff;
  /** The inputs used, after defaults. */
  params: OuthashParams;
  notes: string[];
}

/** Recomputes from the archive and compares; INVALID_INPUT when there is nothing to compare with. */
export async function verifyOuthash(input: VerifyOuthashInput): Promise<VerifyOuthashResult> {
  if (!input.recordedOuthash && !input.depsigPath)
    throw new InspectorError(
      'INVALID_INPUT',
      'Nothing to verify against: give a recorded outhash or a depsig file',
    );
  let depsigText: string | undefined;
  if (input.depsigPath) depsigText = readDepsigText(input.depsigPath);
  // The same defaults as the CLI and the API: the given depsig (else the build's own, found
  // beside the sstate-cache), then the archive name, then the reference defaults.
  const { params, notes } = resolveOuthashInputs(input.archivePath, 'archive', input.params ?? {}, {
    ...(input.depsigPath ? { sigfile: input.depsigPath } : {}),
    taskHint: 'pass params.task',
  });
  const r = await computeOuthashFromArchive(input.archivePath, params, {
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const recorded: VerifyOuthashResult['recorded'] = {};
  let ok = true;
  if (input.recordedOuthash) {
    recorded.outhash = input.recordedOuthash.toLowerCase();
    ok &&= recorded.outhash === r.outhash;
  }
  let diff: SigtextDiff | undefined;
  if (depsigText !== undefined && input.depsigPath) {
    recorded.depsigPath = input.depsigPath;
    recorded.depsigOuthash = createHash('sha256').update(depsigText, 'utf8').digest('hex');
    ok &&= recorded.depsigOuthash === r.outhash;
    diff = diffSigtexts(parseSigtext(r.sigtext, '<computed>'), parseSigtext(depsigText, input.depsigPath));
    if (recorded.outhash && recorded.outhash !== recorded.depsigOuthash)
      notes.push(
        'the depsig file and the recorded outhash disagree: the depsig belongs to another run of the task',
      );
  }
  return {
    status: ok ? 'match' : 'mismatch',
    computed: { outhash: r.outhash, sigtext: r.sigtext },
    recorded,
    ...(diff ? { diff } : {}),
    params,
    notes: [...notes, ...r.notes],
  };
}
