// `npm run dist` — the one documented path to installers:
//   1. electron-forge package  (Vite build of main/preload/utility/renderer, asar, Fuses)
//   2. electron-builder --prepackaged <Forge output>  (AppImage/deb/rpm, NSIS/portable, dmg/zip)
// `npm run dist -- --dry-run` validates both configurations and prints the commands without running
// them (nothing is downloaded): that is what runs on machines without the Electron binary.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadBuilderConfig, validateBuilderConfig, type BuilderConfig } from './packaging/builder-config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRODUCT = 'Hash Equivalence Inspector';
const EXECUTABLE = 'hashequiv-inspector';

/** A platform `npm run dist` builds for (process.platform spelling, as Forge names its output). */
export type Platform = 'linux' | 'win32' | 'darwin';
const BUILDER_FLAG: Record<Platform, string> = { linux: '--linux', win32: '--win', darwin: '--mac' };

/** Where Forge puts the packaged app for a platform and arch, as electron-builder's --prepackaged wants it. */
export function forgeOutputDir(platform: Platform, arch: string): string {
  const dir = path.join(root, 'out', `${PRODUCT}-${platform}-${arch}`);
  return platform === 'darwin' ? path.join(dir, `${PRODUCT}.app`) : dir;
}

/**
 * The executable inside Forge's packaged app (forge.config.ts executableName); the release workflow
 * points HASHEQUIV_ELECTRON_APP at it so the Electron end-to-end project drives the packaged app.
 */
export function packagedExecutable(platform: Platform, arch: string): string {
  const dir = forgeOutputDir(platform, arch);
  if (platform === 'darwin') return path.join(dir, 'Contents', 'MacOS', EXECUTABLE);
  return path.join(dir, platform === 'win32' ? `${EXECUTABLE}.exe` : EXECUTABLE);
}

const CONFIG_KEY: Record<Platform, 'linux' | 'win' | 'mac'> = { linux: 'linux', win32: 'win', darwin: 'mac' };

/**
 * The electron-builder targets for one platform and arch, from electron-builder.yml. They are named
 * on the command line because otherwise electron-builder takes each target's `arch` list from the
 * configuration over `--<arch>`, and would package the one prepackaged (single-arch) app as every
 * arch listed — e.g. an "arm64" dmg holding the x64 app.
 */
export function builderTargets(config: BuilderConfig, platform: Platform, arch: string): string[] {
  const section = config[CONFIG_KEY[platform]] as { target?: unknown } | undefined;
  const raw = Array.isArray(section?.target) ? (section.target as unknown[]) : [];
  return raw.flatMap((t) => {
    if (typeof t === 'string') return [t];
    const { target, arch: archs } = t as { target: string; arch?: string | string[] };
    const list = archs === undefined ? null : Array.isArray(archs) ? archs : [archs];
    return list === null || list.includes(arch) ? [target] : [];
  });
}

/** The commands that build installers for one platform, in order. */
export function distCommands(
  platform: Platform,
  archs: string[],
  config: BuilderConfig = loadBuilderConfig(root),
): string[][] {
  const cmds: string[][] = [];
  for (const arch of archs) {
    const targets = builderTargets(config, platform, arch);
    if (targets.length === 0) throw new Error(`electron-builder.yml has no ${platform} target for ${arch}`);
    cmds.push(['npx', 'electron-forge', 'package', `--platform=${platform}`, `--arch=${arch}`]);
    cmds.push([
      'npx',
      'electron-builder',
      '--config',
      'electron-builder.yml',
      BUILDER_FLAG[platform],
      ...targets,
      `--${arch}`,
      '--prepackaged',
      forgeOutputDir(platform, arch),
    ]);
  }
  return cmds;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      platform: { type: 'string', default: process.platform },
      arch: { type: 'string', default: process.arch },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const platform = values.platform as Platform;
  if (!(platform in BUILDER_FLAG)) throw new Error(`unknown platform ${platform} (linux, win32, darwin)`);
  const archs = values.arch!.split(',');
  const config = loadBuilderConfig(root);
  await validateBuilderConfig(config);
  console.log("electron-builder.yml: valid against electron-builder's schema");
  const cmds = distCommands(platform, archs, config);
  for (const cmd of cmds) {
    console.log(`$ ${cmd.map((c) => (c.includes(' ') ? JSON.stringify(c) : c)).join(' ')}`);
    if (values['dry-run']) continue;
    const r = spawnSync(cmd[0]!, cmd.slice(1), {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  if (values['dry-run']) console.log('dry run: nothing was built or downloaded');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`dist: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
