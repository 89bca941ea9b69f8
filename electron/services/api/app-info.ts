import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppInfo } from '../../../shared/contract/api-schemas';

/** Product name shown in titles and the About box. */
export const APP_NAME = 'Hash Equivalence Inspector';
/** Where the documentation lives (Help menu, About box). */
export const DOCS_URL = 'https://github.com/hashequiv/inspector#readme';

/**
 * The version of this package, read from the nearest package.json named hashequiv-inspector
 * above this module (source tree and bundled CLI alike); '0.0.0' when none is found.
 */
export function packageVersion(from?: string): string {
  let start: string;
  try {
    // In a CommonJS bundle (Electron) import.meta is empty: callers there pass the version.
    start = from ?? fileURLToPath(import.meta.url);
  } catch {
    return '0.0.0';
  }
  let dir = path.dirname(start);
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'hashequiv-inspector' && pkg.version) return pkg.version;
    } catch {
      // not here: go up
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}

/** AppInfo for a front door. */
export function appInfo(mode: AppInfo['mode'], version: string = packageVersion()): AppInfo {
  return { name: APP_NAME, version, mode, platform: process.platform, docsUrl: DOCS_URL };
}
