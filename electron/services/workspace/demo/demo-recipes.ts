/**
 * The made-up distribution of the demo build: recipes, their dependencies and what run 2 changes.
 * Names look like OE-Core's so the demo reads naturally; nothing here comes from OE-Core.
 */

/** One recipe of the demo. */
export interface DemoRecipe {
  pn: string;
  pv: string;
  /** 'target' recipes have the full packaging chain; 'native' ones only populate a sysroot. */
  kind: 'target' | 'native';
  /** PNs whose do_populate_sysroot this recipe's do_prepare_recipe_sysroot depends on. */
  depends: string[];
  /** Patches of SRC_URI (file:// entries, checksummed by md5 in do_fetch's signature). */
  patches: string[];
}

/** What run 2 changes, and how. */
export interface DemoChange {
  pn: string;
  variable: string;
  run1: string;
  run2: string;
  /** 'same-output': new taskhashes, identical outputs (folded into the old unihash). */
  effect: 'same-output' | 'new-output';
}

const T = (pn: string, pv: string, depends: string[] = [], patches: string[] = []): DemoRecipe => ({
  pn,
  pv,
  kind: 'target',
  depends,
  patches,
});
const N = (pn: string, pv: string, depends: string[] = []): DemoRecipe => ({
  pn,
  pv,
  kind: 'native',
  depends,
  patches: [],
});

/** Recipes in dependency order (a recipe only depends on earlier ones). */
export const DEMO_RECIPES: readonly DemoRecipe[] = [
  N('quilt-native', '0.67'),
  N('pkgconfig-native', '0.29.2'),
  N('zlib-native', '1.3.1'),
  N('xz-native', '5.4.6', ['zlib-native']),
  N('openssl-native', '3.2.1', ['zlib-native']),
  T('base-files', '3.0.14'),
  T('base-passwd', '3.6.3'),
  T('zlib', '1.3.1', ['quilt-native'], ['ldflags-tests.patch', 'run-ptest']),
  T('xz', '5.4.6', ['zlib']),
  T('bzip2', '1.0.8', [], ['configure.ac', 'Makefile.am']),
  T('expat', '2.6.2'),
  T('libffi', '3.4.6', ['pkgconfig-native']),
  T('attr', '2.5.2'),
  T('acl', '2.3.2', ['attr']),
  T('ncurses', '6.4', [], ['0001-tic-hang.patch']),
  T('readline', '8.2', ['ncurses']),
  T('openssl', '3.2.1', ['zlib', 'openssl-native'], ['0001-buildinfo.patch']),
  T('sqlite3', '3.45.1', ['zlib', 'readline']),
  T('libxml2', '2.12.5', ['zlib', 'xz']),
  T('curl', '8.6.0', ['openssl', 'zlib']),
  T('glib-2.0', '2.78.4', ['libffi', 'zlib', 'pkgconfig-native']),
  T('dbus', '1.14.10', ['expat', 'glib-2.0']),
  T('util-linux', '2.39.3', ['ncurses', 'zlib']),
  T('e2fsprogs', '1.47.0', ['util-linux', 'attr']),
  T('kmod', '31', ['openssl', 'xz', 'zlib']),
  T('busybox', '1.36.1', ['quilt-native'], ['defconfig']),
  T('initscripts', '1.0', ['busybox']),
  T('shadow', '4.14.2', ['acl', 'attr']),
  T('bash', '5.2.21', ['ncurses', 'readline']),
  T('python3', '3.12.2', ['openssl', 'sqlite3', 'libffi', 'zlib', 'bzip2', 'xz']),
  T('u-boot', '2024.01', ['openssl-native']),
];

/** Recipes also built by the multiconfig `mc1` (another machine). */
export const DEMO_MC1_RECIPES: readonly string[] = ['zlib', 'xz', 'openssl', 'busybox', 'initscripts'];

/** The two changes between run 1 and run 2 (conf/local.conf of run 2 carries the new values). */
export const DEMO_CHANGES: readonly DemoChange[] = [
  {
    pn: 'zlib',
    variable: 'ZLIB_CFLAGS',
    run1: '-O2 -pipe',
    run2: '-O2 -pipe -fstack-protector-strong',
    effect: 'same-output',
  },
  {
    pn: 'libffi',
    variable: 'LIBFFI_CFLAGS',
    run1: '-O2',
    run2: '-O2 -g1',
    effect: 'same-output',
  },
  {
    pn: 'busybox',
    variable: 'BUSYBOX_APPLETS',
    run1: 'ash cat ls mount sh',
    run2: 'ash cat ls mount sh vi',
    effect: 'new-output',
  },
];

/** Tasks of a target recipe, in execution order; sstate tasks are marked. */
export const TARGET_TASKS = [
  'do_fetch',
  'do_unpack',
  'do_patch',
  'do_populate_lic',
  'do_prepare_recipe_sysroot',
  'do_configure',
  'do_compile',
  'do_install',
  'do_populate_sysroot',
  'do_package',
  'do_packagedata',
  'do_package_write_ipk',
  'do_build',
] as const;

/** Tasks of a native recipe. */
export const NATIVE_TASKS = [
  'do_fetch',
  'do_unpack',
  'do_patch',
  'do_populate_lic',
  'do_prepare_recipe_sysroot',
  'do_configure',
  'do_compile',
  'do_install',
  'do_populate_sysroot',
  'do_build',
] as const;

/** Tasks whose output goes to sstate (they have a _setscene variant and are reported to hashserv). */
export const SSTATE_TASKS: ReadonlySet<string> = new Set([
  'do_populate_lic',
  'do_populate_sysroot',
  'do_package',
  'do_packagedata',
  'do_package_write_ipk',
]);

/** The in-recipe dependencies of each task (other recipes' deps are added by the model). */
export const TASK_DEPS: Readonly<Record<string, readonly string[]>> = {
  do_fetch: [],
  do_unpack: ['do_fetch'],
  do_patch: ['do_unpack'],
  do_populate_lic: ['do_patch'],
  do_prepare_recipe_sysroot: ['do_patch'],
  do_configure: ['do_prepare_recipe_sysroot'],
  do_compile: ['do_configure'],
  do_install: ['do_compile'],
  do_populate_sysroot: ['do_install'],
  do_package: ['do_install'],
  do_packagedata: ['do_package'],
  do_package_write_ipk: ['do_packagedata'],
  do_build: ['do_populate_sysroot', 'do_package_write_ipk', 'do_populate_lic'],
};
