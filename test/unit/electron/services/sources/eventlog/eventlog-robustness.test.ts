import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { readPickle } from '../../../../../../electron/services/sources/pickle/pickle-reader';
import { toCanonical } from '../../../../../../electron/services/sources/eventlog/eventlog-canonical';
import { decodeEventLine } from '../../../../../../electron/services/sources/eventlog/eventlog-reader';
import { InspectorError } from '../../../../../../shared/model/errors';
import { FIXTURES } from '../../../../../helpers/paths';

const LINES = readFileSync(path.join(FIXTURES, 'eventlog', 'run1.json'), 'utf8').split('\n');
/** The pickle of 1-based line n of run1.json. */
function pickleOf(n: number): Uint8Array {
  const { vars } = JSON.parse(LINES[n - 1]!) as { vars: string };
  return new Uint8Array(Buffer.from(vars, 'base64'));
}

/** Decodes and converts; any throw must be an InspectorError. */
function decodeOrInspectorError(b: Uint8Array): string {
  try {
    toCanonical(readPickle(b, { mode: 'symbolic', maxItems: 200_000 }), { maxNodes: 200_000 });
    return 'ok';
  } catch (e) {
    if (!(e instanceof InspectorError)) throw e;
    return e.code;
  }
}

describe('event pickles under damage', () => {
  it('a runQueueTaskCompleted truncated at every offset gives TRUNCATED', () => {
    const p = pickleOf(193); // 540 bytes, nested RunQueueStats with a memoized module name
    expect(p.length).toBe(540);
    expect(decodeOrInspectorError(p)).toBe('ok');
    for (let n = 0; n < p.length; n++) expect(decodeOrInspectorError(p.subarray(0, n))).toBe('TRUNCATED');
  });

  it('DepTreeGenerated (LONG_BINGET) and MultiConfigParsed (cycles) truncated anywhere give TRUNCATED', () => {
    for (const line of [139, 162]) {
      const p = pickleOf(line);
      expect(decodeOrInspectorError(p)).toBe('ok');
      for (let k = 0; k < 150; k++) {
        const n = Math.floor((p.length * k) / 150);
        expect(decodeOrInspectorError(p.subarray(0, n))).toBe('TRUNCATED');
      }
    }
  });

  it('random byte flips of event pickles never hang and only throw InspectorError', () => {
    const samples = [pickleOf(193), pickleOf(971), pickleOf(139)];
    fc.assert(
      fc.property(
        fc.nat(samples.length - 1),
        fc.array(fc.tuple(fc.nat(100_000), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        (which, flips) => {
          const b = samples[which]!.slice();
          for (const [i, x] of flips) b[i % b.length] = x;
          decodeOrInspectorError(b);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('random JSON-ish lines never throw out of decodeEventLine', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.base64String({ maxLength: 200 }), (cls, vars) => {
        for (const text of [
          cls,
          JSON.stringify({ class: cls, vars }),
          JSON.stringify({ allvariables: cls }),
        ]) {
          const e = decodeEventLine(text, 1, 'f.json');
          expect(['event', 'variables', 'error']).toContain(e.kind);
        }
      }),
      { numRuns: 400 },
    );
  });
});
