import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  computeOuthashFromArchive,
  computeOuthashFromDirectory,
} from '../../../../../electron/services/outhash/compute';
import { loadVectorCases, materialise, paramsOf, skipReason } from './vectors';

const cases = loadVectorCases();
const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

describe('outhash vectors', () => {
  it('has all 39 cases and each expected outhash is sha256(expected.sig)', () => {
    expect(cases).toHaveLength(39);
    for (const c of cases)
      expect(createHash('sha256').update(c.expectedSig, 'utf8').digest('hex')).toBe(c.expectedOuthash);
  });

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const reason = skipReason(c);
    if (reason) console.warn(`${c.name}: ${reason}`);

    it.skipIf(reason !== null)('matches byte for byte from the materialised tree', async () => {
      const { top, cleanup } = materialise(c);
      cleanups.push(cleanup);
      const r = await computeOuthashFromDirectory(top, paramsOf(c));
      expect(r.sigtext).toBe(c.expectedSig);
      expect(r.outhash).toBe(c.expectedOuthash);
      cleanup();
    });

    it.skipIf(c.archive === null)('matches byte for byte from tree.tar.zst', async () => {
      const r = await computeOuthashFromArchive(path.join(c.dir, 'tree.tar.zst'), paramsOf(c));
      expect(r.sigtext).toBe(c.expectedSig);
      expect(r.outhash).toBe(c.expectedOuthash);
    });
  });
});
