/**
 * Handlers of the analysis methods (`analysis.explainTask`, `analysis.compareBuilds`): they find
 * each build's directory in the workspace and hand it to electron/services/analysis, reading sig
 * files with the engine's reader.
 */
import type { MethodOutput, MethodParams } from '../../../shared/contract/methods';
import { InspectorError } from '../../../shared/model/errors';
import { compareBuilds } from '../analysis/build-compare';
import { explainTask } from '../analysis/sig-explain';
import type { Engine, EngineWorkspace } from './engine';
import { need } from './engine';
import type { JobRegistry } from './jobs';
import type { WorkspaceRegistry } from './workspace-registry';

/** What the analysis handlers need from their host. */
export interface AnalysisHandlerDeps {
  engine: Engine;
  workspaces: WorkspaceRegistry;
  jobs: JobRegistry;
}

/** The directory of a build of the workspace (TOPDIR when recognised, else the first path given). */
export function buildRoot(ws: EngineWorkspace, build: string): string {
  const b = ws.summary().builds.find((x) => x.id === build);
  if (!b) {
    const known = ws
      .summary()
      .builds.map((x) => x.id)
      .join(', ');
    throw new InspectorError('NOT_FOUND', `No build '${build}' in this workspace (builds: ${known})`, {
      entry: build,
    });
  }
  const root = b.root ?? b.inputs[0];
  if (!root)
    throw new InspectorError('NOT_FOUND', `Build '${b.label}' has no directory to read signatures from`);
  return root;
}

const readerPart = 'the sig file reader (electron/services/sources/siginfo readSigFile)';

/** The two analysis handlers, to spread into the handler table. */
export function createAnalysisHandlers({ engine, workspaces, jobs }: AnalysisHandlerDeps) {
  return {
    'analysis.explainTask': async ({
      workspaceId,
      build,
      task,
      against,
    }: MethodParams<'analysis.explainTask'>): Promise<MethodOutput<'analysis.explainTask'>> => {
      const ws = workspaces.get(workspaceId);
      const reader = need(engine, 'readSigFile', readerPart);
      return explainTask(buildRoot(ws, build), task, {
        reader,
        ...(against !== undefined ? { against: buildRoot(ws, against) } : {}),
      });
    },

    'analysis.compareBuilds': ({
      workspaceId,
      a,
      b,
      jobId,
    }: MethodParams<'analysis.compareBuilds'>): Promise<MethodOutput<'analysis.compareBuilds'>> =>
      jobs.run('analysis.compareBuilds', jobId, async ({ signal, onProgress }) => {
        const ws = workspaces.get(workspaceId);
        const reader = need(engine, 'readSigFile', readerPart);
        // The unchanged list can be the whole build; the UI needs only its count.
        const { unchanged: _unchanged, ...rest } = await compareBuilds(buildRoot(ws, a), buildRoot(ws, b), {
          reader,
          signal,
          onProgress,
        });
        return rest;
      }),
  };
}
