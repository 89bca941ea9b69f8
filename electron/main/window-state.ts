import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Bounds and maximized flag of the main window, kept in userData between runs. */
export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
/** Window bounds and state. */
export type WindowState = z.infer<typeof WindowStateSchema>;

/** A display's work area. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Default size when nothing (valid) was remembered; the OS centres it. */
export const DEFAULT_SIZE = { width: 1280, height: 820 };

/** True when at least 100×50 px of the window's top lies on some display (not lost off-screen). */
export function isVisibleOn(state: Rect, displays: readonly Rect[]): boolean {
  return displays.some((d) => {
    const w = Math.min(state.x + state.width, d.x + d.width) - Math.max(state.x, d.x);
    const h = Math.min(state.y + 50, d.y + d.height) - Math.max(state.y, d.y);
    return w >= 100 && h >= 50;
  });
}

/** The remembered state if the file is valid and still on screen, else null (use defaults). */
export function loadWindowState(file: string, displays: readonly Rect[]): WindowState | null {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) return null;
    return isVisibleOn(parsed.data, displays) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes the state atomically (temp file + rename). */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state) + '\n');
  renameSync(tmp, file);
}
