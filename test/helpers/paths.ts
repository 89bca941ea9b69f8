import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `../shared` beside the clone (CI lays it there). HASHEQUIV_SHARED overrides it.
 * Tests may read it; the product never does.
 */
export const SHARED_DIR = process.env.HASHEQUIV_SHARED ?? path.resolve(REPO_ROOT, '../shared');

if (!existsSync(SHARED_DIR)) {
  throw new Error(
    `The shared fixtures directory is missing: expected it at ${SHARED_DIR} (set HASHEQUIV_SHARED).`,
  );
}

export const FIXTURES = path.join(SHARED_DIR, 'fixtures');
export const VECTORS = path.join(SHARED_DIR, 'vectors');
export const SPEC = path.join(SHARED_DIR, 'spec');
/** The real BitBake build directory of the fixtures. */
export const FIXTURE_BUILDDIR = path.join(FIXTURES, 'builddir');
