import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICO_SIZES, LINUX_SIZES, buildIcons } from '../../../scripts/make-icons';
import { ICNS_TYPES } from '../../../scripts/icons/containers';
import { decodePng, downscale, encodePng } from '../../../scripts/icons/png';
import { REPO_ROOT } from '../../helpers/paths';

const buildDir = path.join(REPO_ROOT, 'build');
const generated = buildIcons(readFileSync(path.join(buildDir, 'icon.png')));

describe('icons generated from build/icon.png', () => {
  it('are committed up to date (regenerating gives the same bytes)', () => {
    for (const [rel, bytes] of generated) {
      expect(
        readFileSync(path.join(buildDir, rel)).equals(bytes),
        `build/${rel} is stale: run npx tsx scripts/make-icons.ts`,
      ).toBe(true);
    }
  });

  it('has one Linux PNG per hicolor size, of that size', () => {
    for (const s of LINUX_SIZES) {
      const img = decodePng(readFileSync(path.join(buildDir, `icons/${s}x${s}.png`)));
      expect([img.width, img.height]).toEqual([s, s]);
    }
  });

  it('packs a Windows .ico with PNG entries for 16..256 px', () => {
    const ico = readFileSync(path.join(buildDir, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    expect(ico.readUInt16LE(4)).toBe(ICO_SIZES.length);
    for (let i = 0; i < ICO_SIZES.length; i++) {
      const d = 6 + 16 * i;
      const size = ico[d] === 0 ? 256 : ico[d];
      const png = ico.subarray(ico.readUInt32LE(d + 12), ico.readUInt32LE(d + 12) + ico.readUInt32LE(d + 8));
      expect(size).toBe(ICO_SIZES[i]);
      expect(decodePng(png).width).toBe(ICO_SIZES[i]);
    }
  });

  it('packs a macOS .icns whose elements hold PNGs of the size their type names', () => {
    const icns = readFileSync(path.join(buildDir, 'icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    let pos = 8;
    const seen: string[] = [];
    while (pos < icns.length) {
      const type = icns.toString('latin1', pos, pos + 4);
      const len = icns.readUInt32BE(pos + 4);
      const want = ICNS_TYPES.find((t) => t.type === type);
      expect(want, `unexpected element ${type}`).toBeDefined();
      expect(decodePng(icns.subarray(pos + 8, pos + len)).width).toBe(want!.pixels);
      seen.push(type);
      pos += len;
    }
    expect(seen).toEqual(ICNS_TYPES.map((t) => t.type));
  });
});

describe('png codec', () => {
  it('round-trips pixels and averages areas in premultiplied alpha', () => {
    // 2x2: opaque red, transparent (with junk colour), opaque blue, opaque blue.
    const data = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 0, 0, 0, 255, 255, 0, 0, 255, 255]);
    const img = { width: 2, height: 2, data };
    expect(decodePng(encodePng(img)).data).toEqual(data);
    const one = downscale(img, 1).data;
    // The transparent pixel's green must not leak into the average colour.
    expect(Array.from(one)).toEqual([85, 0, 170, 191]);
  });
});
