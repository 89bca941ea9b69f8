// Generates every platform's icons from the one committed master, build/icon.png (rendered from
// build/icon.svg with `rsvg-convert -w 1024 -h 1024 build/icon.svg -o build/icon.png`).
// Output is deterministic, so a test can check the committed icons are up to date.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodePng, downscale, encodePng } from './icons/png';
import { encodeIcns, encodeIco } from './icons/containers';

/** Pixel sizes of the Linux hicolor icons (electron-builder reads build/icons/<N>x<N>.png). */
export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512, 1024];
/** Sizes packed into the Windows .ico. */
export const ICO_SIZES = [16, 32, 48, 64, 128, 256];

/** Builds all icon files from the master PNG; returns them as relative path -> bytes. */
export function buildIcons(master: Uint8Array): Map<string, Buffer> {
  const img = decodePng(master);
  const sizes = new Set([...LINUX_SIZES, ...ICO_SIZES]);
  const pngs = new Map<number, Buffer>();
  for (const s of [...sizes].sort((a, b) => b - a))
    pngs.set(s, s === img.width ? encodePng(img) : encodePng(downscale(img, s)));
  const out = new Map<string, Buffer>();
  for (const s of LINUX_SIZES) out.set(`icons/${s}x${s}.png`, pngs.get(s)!);
  out.set('icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size)! }))));
  out.set('icon.icns', encodeIcns(pngs));
  return out;
}

const buildDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../build');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = buildIcons(readFileSync(path.join(buildDir, 'icon.png')));
  for (const [rel, bytes] of files) {
    mkdirSync(path.dirname(path.join(buildDir, rel)), { recursive: true });
    writeFileSync(path.join(buildDir, rel), bytes);
    console.log(`build/${rel}  ${bytes.length} bytes`);
  }
}
