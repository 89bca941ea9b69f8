import { readFileSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { RecentEntry } from '../../../shared/contract/api-schemas';
import { RecentEntrySchema } from '../../../shared/contract/api-schemas';
import { InspectorError } from '../../../shared/model/errors';
import type { EngineWorkspace } from './engine';

/** The open workspaces of one front door (a window's engine, or a web server). */
export class WorkspaceRegistry {
  private readonly open = new Map<string, EngineWorkspace>();

  /** Registers a workspace the engine just opened. */
  add(ws: EngineWorkspace): void {
    this.open.set(ws.id, ws);
  }

  /** The workspace, or NOT_FOUND with a hint (ids do not survive a restart). */
  get(id: string): EngineWorkspace {
    const ws = this.open.get(id);
    if (!ws) {
      throw new InspectorError(
        'NOT_FOUND',
        `No open workspace '${id}': it was closed, or the app restarted`,
        {
          entry: id,
        },
      );
    }
    return ws;
  }

  /** Every open workspace, oldest first. */
  list(): EngineWorkspace[] {
    return [...this.open.values()];
  }

  /** Closes and forgets one workspace; false when it was not open. */
  close(id: string): boolean {
    const ws = this.open.get(id);
    if (!ws) return false;
    this.open.delete(id);
    ws.close();
    return true;
  }

  /** Closes everything (shutdown). */
  closeAll(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }
}

/** Where "Open Recent" is kept. */
export interface RecentStore {
  list(): RecentEntry[];
  remember(paths: string[], label: string): void;
}

/** How many recent entries are kept. */
export const RECENT_LIMIT = 10;

function pushRecent(list: RecentEntry[], paths: string[], label: string, now: Date): RecentEntry[] {
  const key = JSON.stringify(paths);
  const rest = list.filter((e) => JSON.stringify(e.paths) !== key);
  return [{ paths: [...paths], label, openedAt: now.toISOString() }, ...rest].slice(0, RECENT_LIMIT);
}

/** Recent entries in memory only (web mode, the CLI, tests). */
export function createMemoryRecentStore(now: () => Date = () => new Date()): RecentStore {
  let list: RecentEntry[] = [];
  return {
    list: () => list.map((e) => ({ ...e, paths: [...e.paths] })),
    remember(paths, label) {
      list = pushRecent(list, paths, label, now());
    },
  };
}

/**
 * Recent entries in a JSON file of the app's own settings directory (Electron's userData; never
 * the user's build directory). A missing or corrupt file reads as empty; writes go through a
 * temporary file and a rename, so a crash never leaves half a file.
 */
export function createFileRecentStore(file: string, now: () => Date = () => new Date()): RecentStore {
  const load = (): RecentEntry[] => {
    try {
      const parsed = RecentEntrySchema.array().safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data.slice(0, RECENT_LIMIT) : [];
    } catch {
      return [];
    }
  };
  return {
    list: load,
    remember(paths, label) {
      const next = pushRecent(load(), paths, label, now());
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
      renameSync(tmp, file);
    },
  };
}
