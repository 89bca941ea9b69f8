import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import config, { MAC_DOCUMENT_TYPES, macSigning } from '../../../forge.config';
import { builderTargets, distCommands, forgeOutputDir, packagedExecutable } from '../../../scripts/dist';
import { loadBuilderConfig } from '../../../scripts/packaging/builder-config';
import { resolveElectronTarget } from '../../e2e/electron-target';
import { REPO_ROOT } from '../../helpers/paths';

const builder = loadBuilderConfig(REPO_ROOT) as {
  appId: string;
  productName: string;
  asarUnpack: string[];
  fileAssociations: Array<{ ext: string }>;
  extraResources: Array<{ from: string; to: string }>;
  linux: { executableName: string };
};
const packager = config.packagerConfig!;
const plugin = (name: string) => {
  const p = config.plugins?.find((x) => x.constructor.name === name);
  if (!p) throw new Error(`forge.config.ts has no ${name}`);
  return p as unknown as Record<string, unknown>;
};

describe('forge.config.ts', () => {
  it('flips the Fuses: no RunAsNode, NODE_OPTIONS or --inspect; cookies encrypted; asar only, checked', () => {
    const fuses = plugin('FusesPlugin').fusesConfig as Record<string, unknown>;
    expect(fuses).toMatchObject({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    });
  });

  it("packs into asar with the same unpack rule as electron-builder.yml's asarUnpack", () => {
    // --prepackaged: electron-builder does not repack, so Forge's rule is the one that applies.
    expect(packager.asar).toEqual({ unpack: '**/*.node' });
    expect(builder.asarUnpack).toEqual(['**/*.node']);
  });

  it('builds main, the engine utility process, preload and the renderer with Vite', () => {
    const vite = plugin('VitePlugin').config as {
      build: Array<{ entry: string; config: string; target: string }>;
      renderer: Array<{ name: string; config: string }>;
    };
    expect(vite.build.map((b) => `${b.target}:${b.entry}`)).toEqual([
      'main:electron/main/main.ts',
      'main:electron/main/engine-process.ts',
      'preload:electron/preload/preload.ts',
    ]);
    expect(vite.renderer).toEqual([{ name: 'main_window', config: 'vite.renderer.config.ts' }]);
    for (const f of [...vite.build.flatMap((b) => [b.entry, b.config]), vite.renderer[0]!.config])
      expect(existsSync(path.join(REPO_ROOT, f)), f).toBe(true);
  });

  it('names the app as scripts/dist.ts and electron-builder.yml expect', () => {
    expect(packager.name).toBe(builder.productName);
    expect(packager.executableName).toBe(builder.linux.executableName);
    expect(packager.appBundleId).toBe(builder.appId);
    expect(forgeOutputDir('linux', 'x64')).toBe(path.join(REPO_ROOT, 'out', `${packager.name}-linux-x64`));
    expect(path.basename(forgeOutputDir('darwin', 'arm64'))).toBe(`${packager.name}.app`);
    for (const ext of ['.png', '.ico', '.icns'])
      expect(existsSync(path.join(REPO_ROOT, `${packager.icon}${ext}`)), ext).toBe(true);
  });

  it('declares the macOS document types for every electron-builder file association', () => {
    expect(packager.extendInfo).toEqual({ CFBundleDocumentTypes: MAC_DOCUMENT_TYPES });
    expect(MAC_DOCUMENT_TYPES.flatMap((t) => t.CFBundleTypeExtensions)).toEqual(
      builder.fileAssociations.map((a) => a.ext),
    );
    // `.db` is anyone's extension: only an alternative handler.
    expect(MAC_DOCUMENT_TYPES.map((t) => t.LSHandlerRank)).toEqual(['Owner', 'Owner', 'Alternate']);
  });

  it('copies the Linux MIME package where build/linux/after-install.sh reads it', () => {
    const resources = packager.extraResource as string[];
    expect(resources).toEqual(['build/linux/hashequiv-inspector-mime.xml']);
    expect(builder.extraResources).toEqual([{ from: resources[0], to: path.basename(resources[0]!) }]);
    const script = readFileSync(path.join(REPO_ROOT, 'build/linux/after-install.sh'), 'utf8');
    expect(script).toContain(`/opt/${builder.productName}/resources/${path.basename(resources[0]!)}`);
  });

  it('sets the Windows file properties (publisher) that a prepackaged .exe keeps', () => {
    expect(packager.win32metadata).toMatchObject({
      CompanyName: 'Hash Equivalence Inspector contributors',
      ProductName: builder.productName,
    });
  });
});

describe('macOS signing (Forge signs: electron-builder does not sign a prepackaged app)', () => {
  it('is off without the certificate secret', () => {
    expect(macSigning({})).toEqual({});
    expect(macSigning({ APPLE_ID: 'a@b.c' })).toEqual({});
  });

  it('signs with hardened runtime and the entitlements, notarizes only with all Apple secrets', () => {
    const signOnly = macSigning({ CSC_LINK: 'base64p12' });
    expect(Object.keys(signOnly)).toEqual(['osxSign']);
    const sign = signOnly.osxSign as { optionsForFile: (f: string) => unknown };
    expect(sign.optionsForFile('/x/Hash Equivalence Inspector.app')).toEqual({
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
    });
    expect(sign.optionsForFile('/x/A.app/Contents/Frameworks/H.app/Contents/MacOS/H')).toMatchObject({
      entitlements: 'build/entitlements.mac.inherit.plist',
    });
    const env = { CSC_LINK: 'p', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'pw', APPLE_TEAM_ID: 'T1' };
    expect(macSigning(env).osxNotarize).toEqual({ appleId: 'a@b.c', appleIdPassword: 'pw', teamId: 'T1' });
  });
});

describe('the Electron end-to-end project', () => {
  const wf = parse(readFileSync(path.join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')) as {
    jobs: { installers: { steps: Array<{ run?: string; env?: Record<string, string> }> } };
  };
  const text = JSON.stringify(wf.jobs.installers.steps);

  it('is pointed by the release workflow at the packaged executables Forge makes', () => {
    for (const [platform, arch] of [
      ['linux', 'x64'],
      ['win32', 'x64'],
      ['darwin', 'arm64'],
    ] as const) {
      const rel = path.relative(REPO_ROOT, packagedExecutable(platform, arch)).split(path.sep).join('/');
      expect(text, rel).toContain(rel);
    }
    expect(path.basename(packagedExecutable('win32', 'x64'))).toBe('hashequiv-inspector.exe');
  });

  it('runs the packaged app when HASHEQUIV_ELECTRON_APP names it, else the dev build, else skips', () => {
    const dev = () => ({ ok: true, path: '/nm/electron' });
    const none = () => ({ ok: false, reason: 'the Electron binary was never downloaded' });
    const env = { HASHEQUIV_ELECTRON_APP: 'out/x/hashequiv-inspector' };
    expect(resolveElectronTarget(env, '/repo', dev, () => true)).toEqual({
      kind: 'packaged',
      executablePath: path.resolve('/repo', 'out/x/hashequiv-inspector'),
    });
    expect(() => resolveElectronTarget(env, '/repo', dev, () => false)).toThrow(/points at no file/);
    expect(resolveElectronTarget({}, '/repo', dev)).toEqual({ kind: 'dev', executablePath: '/nm/electron' });
    expect(resolveElectronTarget({}, '/repo', none)).toEqual({
      kind: 'skip',
      reason: 'Electron project skipped: the Electron binary was never downloaded',
    });
  });
});

describe('npm run dist: one arch per prepackaged app', () => {
  it('names the targets of that arch on the command line, so no installer gets another arch', () => {
    expect(builderTargets(builder, 'darwin', 'arm64')).toEqual(['dmg', 'zip']);
    expect(builderTargets(builder, 'win32', 'x64')).toEqual(['nsis', 'portable']);
    expect(builderTargets(builder, 'win32', 'arm64')).toEqual(['nsis']);
    expect(builderTargets(builder, 'linux', 'x64')).toEqual(['AppImage', 'deb', 'rpm']);
    const mac = distCommands('darwin', ['x64'], builder)[1]!;
    expect(mac.slice(3, 8)).toEqual(['electron-builder.yml', '--mac', 'dmg', 'zip', '--x64']);
    expect(() => distCommands('win32', ['ia32'], builder)).toThrow(/no win32 target for ia32/);
  });

  it('--dry-run validates the configuration and prints the commands, downloading nothing', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/dist.ts', '--dry-run', '--platform', 'win32', '--arch', 'x64'],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('$ '))).toEqual([
      '$ npx electron-forge package --platform=win32 --arch=x64',
      `$ npx electron-builder --config electron-builder.yml --win nsis portable --x64 --prepackaged ${JSON.stringify(
        forgeOutputDir('win32', 'x64'),
      )}`,
    ]);
    expect(r.stdout).toContain('dry run: nothing was built or downloaded');
    expect(existsSync(path.join(REPO_ROOT, 'out'))).toBe(false);
  });
});
