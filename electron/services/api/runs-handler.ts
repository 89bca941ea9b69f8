/**
 * Handler of `runs.list`: the outcome tables of the event logs of a workspace's builds (the
 * sources discovery listed as 'eventlog'), read again on each call — the workspace keeps only
 * the outcome column. The build marked `latest` is the one that column came from
 * (workspace/ingest-eventlog decides it the same way).
 */
import { stat } from 'node:fs/promises';
import type { MethodOutput, MethodParams } from '../../../shared/contract/methods';
import type { RunsList } from '../../../shared/contract/runs-schema';
import { InspectorError, toErrorInfo } from '../../../shared/model/errors';
import { analyzeEventLogFile } from '../analysis/run-outcomes-file';
import type { BuildRunTable } from '../analysis/run-outcomes';
import { compareLogs, latestRun, lineWarning, pnOfRun, toRowOutcome } from '../workspace/ingest-eventlog';
import type { WorkspaceRegistry } from './workspace-registry';

type RunLog = RunsList['builds'][number]['logs'][number];

/** The `runs.list` handler, to spread into the handler table. */
export function createRunsHandler({ workspaces }: { workspaces: WorkspaceRegistry }) {
  return {
    'runs.list': async ({
      workspaceId,
      build,
    }: MethodParams<'runs.list'>): Promise<MethodOutput<'runs.list'>> => {
      const all = workspaces.get(workspaceId).summary().builds;
      const chosen = build === undefined ? all : all.filter((b) => b.id === build);
      if (chosen.length === 0)
        throw new InspectorError(
          'NOT_FOUND',
          `No build '${build}' in this workspace (builds: ${all.map((b) => b.id).join(', ')})`,
          { entry: build },
        );
      const out: RunsList['builds'] = [];
      for (const b of chosen) {
        const read: Array<{
          file: string;
          mtimeMs: number;
          builds: BuildRunTable[];
          error?: RunLog['error'];
        }> = [];
        for (const s of b.sources) {
          if (s.kind !== 'eventlog') continue;
          try {
            const mtimeMs = (await stat(s.path)).mtimeMs;
            read.push({ file: s.path, mtimeMs, builds: (await analyzeEventLogFile(s.path)).builds });
          } catch (err) {
            read.push({ file: s.path, mtimeMs: 0, builds: [], error: toErrorInfo(err) });
          }
        }
        read.sort(compareLogs);
        const latest = latestRun(read)?.table;
        out.push({
          build: b.id,
          logs: read.map((l) => ({
            file: l.file,
            ...(l.error ? { error: l.error } : {}),
            builds: l.builds.map((t) => ({
              firstLine: t.first_line,
              lastLine: t.last_line,
              latest: t === latest,
              runqueueTasks: t.runqueue_tasks,
              summary: t.summary,
              problems: t.errors.map((e) => lineWarning(l.file, e)),
              tasks: t.tasks.map((r) => ({
                tid: r.tid,
                mc: r.mc,
                pn: pnOfRun(r),
                task: r.taskname,
                runOutcome: r.outcome,
                outcome: toRowOutcome(r.outcome),
                taskhash: r.taskhash,
                unihash: r.unihash,
              })),
            })),
          })),
        });
      }
      return { builds: out };
    },
  };
}
