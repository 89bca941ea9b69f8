// Where the Electron binary is, without triggering electron's download-on-require (which fails
// offline with a confusing message). Shared by `npm start` and the Playwright Electron project.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @returns {{ ok: true, path: string } | { ok: false, reason: string }}
 */
export function findElectronBinary() {
  const pkgDir = path.join(ROOT, 'node_modules', 'electron');
  if (!existsSync(path.join(pkgDir, 'package.json'))) {
    return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const bin = path.join(override, rel ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(bin)
      ? { ok: true, path: bin }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary: ${bin}` };
  }
  if (!rel) {
    return {
      ok: false,
      reason:
        "the Electron binary was never downloaded (node_modules/electron/path.txt is missing; this machine cannot reach Electron's download server)",
    };
  }
  const bin = path.join(pkgDir, 'dist', rel);
  return existsSync(bin)
    ? { ok: true, path: bin }
    : { ok: false, reason: `the Electron binary is missing: ${bin}` };
}
