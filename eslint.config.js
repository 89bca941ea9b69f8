// Flat config. The import-direction rules encode ARCHITECTURE.md:
// renderer -> shared; electron/{main,server,cli} -> electron/services -> shared; preload -> shared.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron.',
};

/** Builds a no-restricted-imports rule from path groups that a folder must not reach. */
function forbid(groups, paths = []) {
  return ['error', { paths, patterns: groups.map((g) => ({ group: g.group, message: g.message })) }];
}

const rendererGroup = {
  group: ['**/renderer/**', '**/renderer'],
  message: 'Nothing imports renderer/ but its own build.',
};
const electronGroup = {
  group: ['**/electron/**', '**/electron'],
  message: 'shared/ and renderer/ must not reach into electron/.',
};
const frontDoors = {
  group: ['**/electron/main/**', '**/electron/server/**', '**/electron/cli/**', '**/electron/preload/**'],
  message: 'The engine never imports a front door (main, server, cli, preload).',
};
const servicesGroup = {
  group: ['**/electron/services/**'],
  message: 'The preload reaches the engine only through IPC.',
};
const nodeBuiltins = { group: ['node:*'], message: 'shared/ imports nothing from Node.' };

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'out/**',
      '.vite/**',
      'test-results/**',
      'demo/**',
      'bench/.data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([rendererGroup, electronGroup, nodeBuiltins], [noElectron]) },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': forbid([electronGroup, nodeBuiltins], [noElectron]) },
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([rendererGroup, frontDoors], [noElectron]) },
  },
  {
    files: ['electron/server/**/*.ts', 'electron/cli/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([rendererGroup], [noElectron]) },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([rendererGroup]) },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': forbid([rendererGroup, servicesGroup]) },
  },
  {
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
