import path from 'node:path';
import type { CanonicalObject, CanonicalValue } from '../sources/eventlog/eventlog-canonical';
import { attr, attrString } from '../sources/eventlog/eventlog-reader';
import type { EventLogEntry, EventRecord } from '../sources/eventlog/eventlog-reader';
import { parseTid, workerTid } from './eventlog-tid';
import { readDepTree } from './eventlog-deptree';
import type { DepTree } from './eventlog-deptree';

/** What happened to a run-queue task in one build (spec eventlog.md §6; first match wins). */
export type TaskOutcome = 'failed' | 'ran' | 'restored' | 'covered' | 'skipped' | 'incomplete' | 'not-run';

/** Every outcome, in the order of the spec's rules. */
export const TASK_OUTCOMES: readonly TaskOutcome[] = [
  'failed',
  'ran',
  'restored',
  'covered',
  'skipped',
  'incomplete',
  'not-run',
];

/** One task's row; field names match fixtures/eventlog/expected/<run>.json. */
export interface TaskRunRow {
  tid: string;
  mc: string;
  taskfile: string;
  recipe_file: string;
  variant: string;
  /** From DepTreeGenerated, without the `mc:` prefix ("" when the log never names it). */
  pn: string;
  taskname: string;
  outcome: TaskOutcome;
  /** `runQueueTaskStarted.noexec` (do_build in OE). */
  noexec: boolean;
  /** `runQueueTaskSkipped.reason` (`covered`, `existing`); restored tasks also have `covered`. */
  skip_reason: string | null;
  /** From runQueueTaskFailed (an int; a string in some BitBake paths). */
  exitcode: CanonicalValue;
  setscene: 'completed' | 'failed' | 'started' | null;
  setscene_exitcode: CanonicalValue;
  /** Taskhash carried by the event that decided the outcome (null for not-run). */
  taskhash: string | null;
  /** Distinct taskhashes of this tid's run/scene-queue events, in order. */
  taskhashes: string[];
  /** Last taskUniHashUpdate for this tid; the log records no other unihash. */
  unihash: string | null;
  /** Run/scene-queue and taskUniHashUpdate class names (no module) in file order. */
  events: string[];
  /** Task-process events: [taskname, started|succeeded|failed|failedsilent]. */
  worker: Array<[string, string]>;
}

/** Build-level events of one build. */
export interface BuildEvents {
  BuildInit: Array<{ line: number; pkgs: CanonicalValue }>;
  BuildStarted: Array<{ line: number; name: CanonicalValue; pkgs: CanonicalValue }>;
  BuildCompleted: Array<{
    line: number;
    total: CanonicalValue;
    failures: CanonicalValue;
    interrupted: CanonicalValue;
    msg: CanonicalValue;
  }>;
  command: Array<{ line: number; class: string }>;
}

/** A line of the log that could not be decoded. */
export interface RunLineError {
  line: number;
  code: string;
  message: string;
}

/**
 * The outcome table of one build in an event log; apart from `first_line`, `last_line` and
 * `errors` the shape is exactly that of fixtures/eventlog/expected/<run>.json (without
 * `bitbake_version`, which the log does not contain).
 */
export interface BuildRunTable {
  /** Base name of the event log file. */
  eventlog: string;
  first_line: number;
  last_line: number;
  /** Lines of this build (events, dump, blank and bad lines). */
  lines: number;
  allvariables_lines: number[];
  class_counts: Record<string, number>;
  build: BuildEvents;
  /** Tasks listed by DepTreeGenerated. */
  runqueue_tasks: number;
  /** Outcome counts plus ran_noexec, setscene_failed, unihash_updated; zero counts omitted. */
  summary: Record<string, number>;
  /** RunQueueStats fields of the last event that has stats. */
  last_stats: CanonicalObject | null;
  unihash_updates: Array<{ line: number; taskid: string; unihash: string; pid: CanonicalValue }>;
  metadata_events: Array<{ line: number; type: CanonicalValue; found: number | null; missed: number | null }>;
  stale_setscene_tasks: Array<{ line: number; tids: string[] }>;
  /** One row per tid, sorted by tid. */
  tasks: TaskRunRow[];
  errors: RunLineError[];
}

/** Classes whose attributes the outcome derivation reads; the others need no decoding. */
export function isOutcomeRelevantClass(className: string): boolean {
  return (
    className.startsWith('bb.runqueue.') ||
    className.startsWith('bb.build.Task') ||
    className.startsWith('bb.command.') ||
    className === 'bb.event.BuildInit' ||
    className === 'bb.event.BuildStarted' ||
    className === 'bb.event.BuildCompleted' ||
    className === 'bb.event.DepTreeGenerated' ||
    className === 'bb.event.MetadataEvent' ||
    className === 'bb.event.StaleSetSceneTasks'
  );
}

/** Per-tid facts collected while reading. */
interface TidFacts {
  events: string[];
  taskhashes: string[];
  noexec: boolean;
  started: boolean;
  completed?: EventRecord;
  failed?: EventRecord;
  skipped?: EventRecord;
  sceneCompleted?: EventRecord;
  sceneFailed?: EventRecord;
  sceneStarted: boolean;
  /** The last of sceneQueueTaskCompleted / Failed, which decides `setscene`. */
  sceneLast?: 'completed' | 'failed';
  lastStartHash?: string;
  unihash?: string;
  worker: Array<[string, string]>;
  pnFromWorker?: string;
}

const WORKER_STATUS: Record<string, string> = {
  'bb.build.TaskStarted': 'started',
  'bb.build.TaskSucceeded': 'succeeded',
  'bb.build.TaskFailed': 'failed',
  'bb.build.TaskFailedSilent': 'failedsilent',
};

/** A build ends with its command's completion event. */
const COMMAND_END = new Set([
  'bb.command.CommandCompleted',
  'bb.command.CommandFailed',
  'bb.command.CommandExit',
]);

/** Accumulates one build's events. */
class BuildAccumulator {
  firstLine = 0;
  lastLine = 0;
  hasEvents = false;
  readonly allvariablesLines: number[] = [];
  readonly classCounts = new Map<string, number>();
  readonly build: BuildEvents = { BuildInit: [], BuildStarted: [], BuildCompleted: [], command: [] };
  depTree: DepTree | undefined;
  lastStats: CanonicalObject | null = null;
  readonly unihashUpdates: BuildRunTable['unihash_updates'] = [];
  readonly metadataEvents: BuildRunTable['metadata_events'] = [];
  readonly staleSetscene: BuildRunTable['stale_setscene_tasks'] = [];
  readonly tids = new Map<string, TidFacts>();
  readonly errors: RunLineError[] = [];

  private facts(tid: string): TidFacts {
    let f = this.tids.get(tid);
    if (!f) {
      f = { events: [], taskhashes: [], noexec: false, started: false, sceneStarted: false, worker: [] };
      this.tids.set(tid, f);
    }
    return f;
  }

  private count(name: string): void {
    this.classCounts.set(name, (this.classCounts.get(name) ?? 0) + 1);
  }

  add(e: EventLogEntry): void {
    if (this.firstLine === 0) this.firstLine = e.line;
    this.lastLine = e.line;
    if (e.kind === 'error') {
      this.errors.push({ line: e.line, code: e.error.code, message: e.error.message });
      return;
    }
    if (e.kind === 'variables') {
      this.count('allvariables');
      this.allvariablesLines.push(e.line);
      return;
    }
    this.hasEvents = true;
    this.count(e.className);
    const a = e.attrs;
    if (a === null) return;
    const stats = attr(a, 'stats');
    if (stats && typeof stats === 'object' && !Array.isArray(stats)) {
      const st = stats.$state;
      if (st && typeof st === 'object' && !Array.isArray(st)) this.lastStats = st;
    }
    const cls = e.className;
    if (cls.startsWith('bb.runqueue.')) return this.runQueueEvent(e, a);
    const status = WORKER_STATUS[cls];
    if (status !== undefined) {
      const fn = attrString(a, '_fn');
      const taskname = attrString(a, 'taskname');
      if (fn !== undefined && taskname !== undefined) {
        const f = this.facts(workerTid(fn, taskname));
        f.worker.push([taskname, status]);
        f.pnFromWorker ??= attrString(a, 'pn');
      }
      return;
    }
    switch (cls) {
      case 'bb.event.BuildInit':
        this.build.BuildInit.push({ line: e.line, pkgs: attr(a, '_pkgs') ?? null });
        return;
      case 'bb.event.BuildStarted':
        this.build.BuildStarted.push({
          line: e.line,
          name: attr(a, '_name') ?? null,
          pkgs: attr(a, '_pkgs') ?? null,
        });
        return;
      case 'bb.event.BuildCompleted':
        this.build.BuildCompleted.push({
          line: e.line,
          total: attr(a, 'total') ?? null,
          failures: attr(a, '_failures') ?? null,
          interrupted: attr(a, '_interrupted') ?? null,
          msg: attr(a, 'msg') ?? null,
        });
        return;
      case 'bb.event.DepTreeGenerated':
        this.depTree = readDepTree(attr(a, '_depgraph'));
        return;
      case 'bb.event.MetadataEvent': {
        const data = attr(a, '_localdata');
        const len = (k: string): number | null => {
          const v = data && typeof data === 'object' && !Array.isArray(data) ? data[k] : undefined;
          return Array.isArray(v) ? v.length : null;
        };
        this.metadataEvents.push({
          line: e.line,
          type: attr(a, 'type') ?? null,
          found: len('found'),
          missed: len('missed'),
        });
        return;
      }
      case 'bb.event.StaleSetSceneTasks': {
        const tasks = attr(a, 'tasks');
        const tids =
          tasks && typeof tasks === 'object' && !Array.isArray(tasks)
            ? Object.keys(tasks).sort(codePointOrder)
            : [];
        this.staleSetscene.push({ line: e.line, tids });
        return;
      }
    }
    if (cls.startsWith('bb.command.')) this.build.command.push({ line: e.line, class: cls });
  }

  private runQueueEvent(e: EventRecord, a: CanonicalObject): void {
    const tid = attrString(a, 'taskid');
    if (tid === undefined) return; // sceneQueueComplete and friends name no task
    const f = this.facts(tid);
    const short = e.className.slice('bb.runqueue.'.length);
    f.events.push(short);
    const hash = attrString(a, 'taskhash');
    if (hash !== undefined && !f.taskhashes.includes(hash)) f.taskhashes.push(hash);
    switch (short) {
      case 'runQueueTaskStarted':
        f.started = true;
        f.noexec = attr(a, 'noexec') === true;
        if (hash !== undefined) f.lastStartHash = hash;
        break;
      case 'runQueueTaskCompleted':
        f.completed = e;
        break;
      case 'runQueueTaskFailed':
        f.failed = e;
        break;
      case 'runQueueTaskSkipped':
        f.skipped = e;
        break;
      case 'sceneQueueTaskStarted':
        f.sceneStarted = true;
        if (hash !== undefined) f.lastStartHash = hash;
        break;
      case 'sceneQueueTaskCompleted':
        f.sceneCompleted = e;
        f.sceneLast = 'completed';
        break;
      case 'sceneQueueTaskFailed':
        f.sceneFailed = e;
        f.sceneLast = 'failed';
        break;
      case 'taskUniHashUpdate': {
        const unihash = attrString(a, 'unihash');
        if (unihash !== undefined) {
          f.unihash = unihash;
          this.unihashUpdates.push({ line: e.line, taskid: tid, unihash, pid: attr(a, 'pid') ?? null });
        }
        break;
      }
    }
  }

  finish(file: string): BuildRunTable {
    const allTids = new Set<string>(this.depTree?.tids ?? []);
    // Tasks the log shows in the run queue even if DepTreeGenerated is missing or older.
    for (const [tid, f] of this.tids) if (f.events.length > 0) allTids.add(tid);
    const tasks = [...allTids].sort(codePointOrder).map((tid) => this.row(tid));
    const summary: Record<string, number> = {};
    const bump = (k: string): void => {
      summary[k] = (summary[k] ?? 0) + 1;
    };
    for (const t of tasks) {
      bump(t.outcome);
      if (t.outcome === 'ran' && t.noexec) bump('ran_noexec');
      if (t.setscene === 'failed') bump('setscene_failed');
      if (t.unihash !== null) bump('unihash_updated');
    }
    const classCounts: Record<string, number> = {};
    for (const k of [...this.classCounts.keys()].sort()) classCounts[k] = this.classCounts.get(k)!;
    return {
      eventlog: path.basename(file),
      first_line: this.firstLine,
      last_line: this.lastLine,
      lines: this.lastLine - this.firstLine + 1,
      allvariables_lines: this.allvariablesLines,
      class_counts: classCounts,
      build: this.build,
      runqueue_tasks: this.depTree?.tids.length ?? 0,
      summary,
      last_stats: this.lastStats,
      unihash_updates: this.unihashUpdates,
      metadata_events: this.metadataEvents,
      stale_setscene_tasks: this.staleSetscene,
      tasks,
      errors: this.errors,
    };
  }

  private row(tid: string): TaskRunRow {
    const p = parseTid(tid);
    const f = this.tids.get(tid);
    const pn = this.depTree?.pnByTaskfile.get(p.taskfile) ?? f?.pnFromWorker ?? '';
    const hashOf = (e: EventRecord | undefined): string | null =>
      e ? (attrString(e.attrs, 'taskhash') ?? null) : null;
    let outcome: TaskOutcome;
    let taskhash: string | null;
    if (f?.failed) {
      outcome = 'failed';
      taskhash = hashOf(f.failed);
    } else if (f?.completed) {
      outcome = 'ran';
      taskhash = hashOf(f.completed);
    } else if (f?.sceneCompleted) {
      outcome = 'restored';
      taskhash = hashOf(f.sceneCompleted);
    } else if (f?.skipped) {
      outcome = attrString(f.skipped.attrs, 'reason') === 'covered' ? 'covered' : 'skipped';
      taskhash = hashOf(f.skipped);
    } else if (f?.started || f?.sceneStarted) {
      outcome = 'incomplete';
      taskhash = f.lastStartHash ?? null;
    } else {
      outcome = 'not-run';
      taskhash = null;
    }
    return {
      tid,
      mc: p.mc,
      taskfile: p.taskfile,
      recipe_file: p.recipeFile,
      variant: p.variant,
      pn,
      taskname: p.taskname,
      outcome,
      noexec: f?.noexec ?? false,
      skip_reason: f?.skipped ? (attrString(f.skipped.attrs, 'reason') ?? null) : null,
      exitcode: f?.failed ? (attr(f.failed.attrs, 'exitcode') ?? null) : null,
      setscene: f?.sceneLast ?? (f?.sceneStarted ? 'started' : null),
      setscene_exitcode: f?.sceneFailed ? (attr(f.sceneFailed.attrs, 'exitcode') ?? null) : null,
      taskhash,
      taskhashes: f?.taskhashes ?? [],
      unihash: f?.unihash ?? null,
      events: f?.events ?? [],
      worker: f?.worker ?? [],
    };
  }
}

function codePointOrder(a: string, b: string): number {
  // Python's sort order (code points); equals UTF-16 order outside astral characters.
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Derives per-task outcomes from the entries of one event log, in file order. A log may hold
 * several builds (a memory-resident server appends); each ends with its command's completion
 * event (`bb.command.Command{Completed,Failed,Exit}`) and gets its own table. Lines that failed
 * to decode are listed in the table's `errors`.
 */
export class RunOutcomeBuilder {
  private readonly file: string;
  private current = new BuildAccumulator();
  private readonly done: BuildRunTable[] = [];

  constructor(file: string) {
    this.file = file;
  }

  add(e: EventLogEntry): void {
    this.current.add(e);
    if (e.kind === 'event' && COMMAND_END.has(e.className)) {
      this.done.push(this.current.finish(this.file));
      this.current = new BuildAccumulator();
    }
  }

  /** The tables of every build seen; a build without a completion event is included as it is. */
  finish(): BuildRunTable[] {
    const cur = this.current;
    if (cur.hasEvents || (this.done.length === 0 && cur.errors.length > 0)) {
      this.done.push(cur.finish(this.file));
    } else if (cur.errors.length > 0) {
      // Bad lines after the last build's end (a killed writer's partial line) belong to it.
      const last = this.done[this.done.length - 1]!;
      last.errors.push(...cur.errors);
      last.last_line = cur.lastLine;
      last.lines = last.last_line - last.first_line + 1;
    }
    this.current = new BuildAccumulator();
    return this.done;
  }
}

/** Convenience: outcome tables from entries already read. */
export function deriveRunOutcomes(file: string, entries: Iterable<EventLogEntry>): BuildRunTable[] {
  const b = new RunOutcomeBuilder(file);
  for (const e of entries) b.add(e);
  return b.finish();
}
