import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * Electron Forge: Vite builds main (.vite/build/main.cjs, package.json "main"), the engine's
 * utility process (engine-process.cjs), the preload (preload.cjs) and the renderer
 * (.vite/renderer/main_window). Fuses turn off what a desktop app that loads only its own code
 * never needs: running as plain Node, NODE_OPTIONS, --inspect, loading code outside app.asar.
 */
/**
 * macOS document types for the file associations. Installers are made with
 * `electron-builder --prepackaged` (scripts/dist.ts), which skips electron-builder's own packing step:
 * its `fileAssociations` then only reach the NSIS installer (Windows registry) and the Linux desktop
 * entry, never Info.plist — so Forge writes them here. Keep in step with electron-builder.yml.
 */
export const MAC_DOCUMENT_TYPES = [
  { CFBundleTypeName: 'BitBake siginfo', CFBundleTypeExtensions: ['siginfo'], LSHandlerRank: 'Owner' },
  { CFBundleTypeName: 'BitBake sigdata', CFBundleTypeExtensions: ['sigdata'], LSHandlerRank: 'Owner' },
  // hashserv.db: `.db` is generic, so this app only offers itself as an alternative viewer.
  {
    CFBundleTypeName: 'BitBake hash equivalence database',
    CFBundleTypeExtensions: ['db'],
    LSHandlerRank: 'Alternate',
  },
].map((t) => ({ ...t, CFBundleTypeRole: 'Viewer' }));

/**
 * macOS signing and notarization, only when the release workflow has the secrets. electron-builder
 * signs an app only while packing it, which --prepackaged skips, so Forge signs the .app (hardened
 * runtime, build/entitlements*.plist) with the Developer ID identity the workflow imported into a
 * keychain, and notarizes it with the APPLE_* secrets; electron-builder then wraps it in dmg/zip.
 */
export function macSigning(
  env: NodeJS.ProcessEnv,
): Pick<ForgeConfig['packagerConfig'] & object, 'osxSign' | 'osxNotarize'> {
  if (!env.CSC_LINK) return {};
  const osxSign = {
    optionsForFile: (file: string) => ({
      hardenedRuntime: true,
      entitlements: file.endsWith('.app')
        ? 'build/entitlements.mac.plist'
        : 'build/entitlements.mac.inherit.plist',
    }),
  };
  const { APPLE_ID: appleId, APPLE_APP_SPECIFIC_PASSWORD: appleIdPassword, APPLE_TEAM_ID: teamId } = env;
  return appleId && appleIdPassword && teamId
    ? { osxSign, osxNotarize: { appleId, appleIdPassword, teamId } }
    : { osxSign };
}

const config: ForgeConfig = {
  packagerConfig: {
    // The packaged app has NO native modules: SQLite is node:sqlite and zstd is node:zlib, both built
    // into Electron's Node, and Vite bundles every JS dependency into .vite/. better-sqlite3 is
    // deliberately not used (it would need a rebuild per Electron ABI and per OS/arch on each release
    // machine). The unpack rule equals electron-builder.yml's asarUnpack: with --prepackaged,
    // electron-builder does not repack, so this is the rule that takes effect.
    asar: { unpack: '**/*.node' },
    name: 'Hash Equivalence Inspector',
    // Linux and Windows binary name (hashequiv-inspector[.exe]) and the binary inside the macOS .app.
    executableName: 'hashequiv-inspector',
    // Equal to electron-builder.yml appId (the Windows AppUserModelID and macOS bundle id).
    appBundleId: 'io.github.hashequiv.inspector',
    appCategoryType: 'public.app-category.developer-tools',
    appCopyright: 'Copyright © 2026 Hash Equivalence Inspector contributors',
    icon: 'build/icon',
    extendInfo: { CFBundleDocumentTypes: MAC_DOCUMENT_TYPES },
    // Windows file properties (electron-builder does not edit the .exe of a prepackaged app).
    win32metadata: {
      CompanyName: 'Hash Equivalence Inspector contributors',
      FileDescription: 'Hash Equivalence Inspector',
      ProductName: 'Hash Equivalence Inspector',
      InternalName: 'hashequiv-inspector',
    },
    // The Linux MIME package (read by build/linux/after-install.sh from resources/); electron-builder's
    // extraResources are skipped for a prepackaged app, Forge copies it instead.
    extraResource: ['build/linux/hashequiv-inspector-mime.xml'],
    // Offline packaging: point at a directory holding the Electron zip (TOOLCHAIN.md).
    ...(process.env.ELECTRON_ZIP_DIR ? { electronZipDir: process.env.ELECTRON_ZIP_DIR } : {}),
    ...macSigning(process.env),
  },
  rebuildConfig: {},
  makers: [new MakerZIP({}, ['darwin', 'linux', 'win32'])],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'electron/main/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/main/engine-process.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'electron/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
