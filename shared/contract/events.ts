/**
 * The event table: what the engine (or the Electron shell) pushes to the renderer. Bound once at
 * start-up by the store; carried by IPC in Electron and by a WebSocket in web mode.
 */
import { z } from 'zod';
import { ErrorInfoSchema, ProgressSchema } from './api-schemas';
import { PathSchema } from './domain-schemas';

/** The event table. */
export const EVENTS = {
  /** A long job moved on (throttled to a few per second per job). */
  'job.progress': z.object({ jobId: z.string(), method: z.string(), progress: ProgressSchema }),
  /** A long job ended (ok, failed or cancelled): the UI clears its progress bar. */
  'job.finished': z.object({
    jobId: z.string(),
    method: z.string(),
    ok: z.boolean(),
    error: ErrorInfoSchema.optional(),
  }),
  /** A workspace's content changed (a build added, server statuses filled, closed). */
  'workspace.changed': z.object({
    workspaceId: z.string(),
    reason: z.enum(['opened', 'build-added', 'closed', 'server-status', 'outcomes']),
  }),
  /**
   * The desktop shell asks the renderer to open paths: a menu, a drop on the window, the command
   * line or macOS open-file. `intent` says whether to open a workspace or add/compare a build.
   */
  'app.openPaths': z.object({
    paths: z.array(PathSchema).min(1),
    intent: z.enum(['open', 'add', 'compare']),
  }),
  /** The desktop shell asks the renderer to open the bundled demo build (`--demo`, or a first run). */
  'app.openDemo': z.object({}),
} as const;

/** The event table's type. */
export type Events = typeof EVENTS;
/** Every event name. */
export type EventName = keyof Events;
/** The payload of one event. */
export type EventPayload<E extends EventName> = z.output<Events[E]>;
/** Every event name, in table order. */
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** Type guard: is this string an event of the table? */
export function isEventName(name: string): name is EventName {
  return Object.hasOwn(EVENTS, name);
}

/** A listener of one event. */
export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;
