import path from 'node:path';
import { InspectorError } from '../../../shared/model/errors';
import { scanSstateDir } from '../../services/sources/sstate/scan-sstate-dir';
import {
  sstateObjectRow,
  summarizeSstateScan,
  type SstateSummary,
} from '../../services/sources/sstate/sstate-summary';
import type { SstateScan } from '../../services/sources/sstate/sstate-types';
import { writeJson, type CliCommand } from '../command';
import { parseCliArgs } from '../parse-cli-args';

const USAGE = `Usage: hashequiv sstate DIR [--json]

Scans an sstate-cache directory (SSTATE_DIR or a mirror; any layout: XX/YY/, XX/, flat, with
native extra paths such as universal/) without changing it, groups each object's files
(.tar.zst/.tgz archive, .siginfo, .sig) and prints a summary: objects, by task, by
architecture, sizes and problems (unreadable directories, vanished files, bad names).

Options:
  --json   print {root, summary, objects: [{key, dir, extraPath, layout, pn, archspec, pv, pr,
           pkgarch, sstateVersion, unihash, task, compression, truncated,
           archive|siginfo|sig: {relPath, size, mtimeMs} | null}], problems: [{path, code, message}]}

Exit status: 0 clean scan, 1 the scan recorded problems, 2 DIR unreadable or bad usage.
`;

/** `hashequiv sstate DIR`: summary of an sstate cache. */
export const sstateCommand: CliCommand = {
  name: 'sstate',
  summary: 'Scan an sstate-cache directory: objects by task and arch, sizes, problems',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1)
      throw new InspectorError('INVALID_INPUT', 'expected exactly one DIR (see --help)');
    const scan = await scanSstateDir(path.resolve(io.cwd, positionals[0]!));
    const summary = summarizeSstateScan(scan);
    if (values.json) {
      writeJson(io, {
        root: scan.root,
        summary,
        objects: scan.objects.map(sstateObjectRow),
        problems: scan.problems,
      });
    } else {
      io.stdout.write(formatSummary(scan, summary));
    }
    return scan.problems.length > 0 ? 1 : 0;
  },
};

function formatSummary(scan: SstateScan, s: SstateSummary): string {
  const lines: string[] = [];
  lines.push(`sstate directory: ${scan.root}`);
  lines.push(
    `Objects: ${s.objects} (${s.files} files in ${s.directories} directories, ${s.ignoredFiles} ignored)`,
  );
  lines.push(
    `Archives: ${s.archives} (${formatBytes(s.archiveBytes)}), siginfo: ${s.siginfos}, sig: ${s.sigs}, ` +
      `without archive: ${s.withoutArchive}, shortened names: ${s.truncatedNames}`,
  );
  lines.push(`Total size: ${formatBytes(s.totalBytes)}`);
  lines.push('', 'By task:', ...table(s.byTask, (k) => k));
  lines.push(
    '',
    'By architecture (SSTATE_PKGARCH):',
    ...table(s.byArch, (k) => k || '(none: software spec)'),
  );
  lines.push('', 'By extra path:', ...table(s.byExtraPath, (k) => k || '(none)'));
  lines.push('', 'By layout:', ...table(s.byLayout, (k) => k));
  lines.push('', `Problems: ${scan.problems.length}`);
  for (const p of scan.problems) lines.push(`  ${p.path}: ${p.code}: ${p.message}`);
  return lines.join('\n') + '\n';
}

function table(rec: Record<string, number>, label: (k: string) => string): string[] {
  const rows = Object.entries(rec).map(([k, n]) => [label(k), String(n)] as const);
  const w = Math.max(0, ...rows.map((r) => r[0].length));
  return rows.map(([k, n]) => `  ${k.padEnd(w)}  ${n.padStart(6)}`);
}

/** 1536 -> `1.5 KiB`; exact bytes below 1 KiB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
