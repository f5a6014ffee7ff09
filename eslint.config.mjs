// typescript-eslint flat config. Type-aware rules (no-floating-promises) need the project's tsconfig.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'out/**',
      'node_modules/**',
      '.vscode-test-host/**',
      '.vscode-test/**',
      'training/**',
      'scratch/**',
      'types/**',
      'bench/tmp/**', // bundles the benchmarks build
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  ...layerImportRules(),
  {
    // Build, test and benchmark scripts run in Node; the page.evaluate callbacks of the browser tests run in the page.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Best-effort cleanup (killing a process that may be gone, reading /proc of one that may have exited).
      'no-empty': ['error', { allowEmptyCatch: true }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // These drive a browser through Playwright: their page.evaluate callbacks run in the page.
    files: ['test/e2e/**/*.mjs', 'bench/grid.mjs', 'bench/grid-fixtures.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);

/**
 * Which layer may import what: a second guard beside the per-layer tsconfigs (tsc -b). src/common imports nothing
 * outside itself (no vscode, Node or DOM code); the core, CLI and workers never import vscode, the extension or the
 * webviews; the webviews import only src/common, never the core, the extension or Node built-ins.
 */
function layerImportRules() {
  const nodeBuiltins = builtinModules.filter(m => !m.startsWith('_'));
  const node = [
    { group: ['node:*'], message: 'Node built-ins belong in src/core, src/cli, src/workers or src/extension.' },
  ];
  const noNodePaths = nodeBuiltins.map(name => ({
    name,
    message: 'Node built-ins belong in src/core, src/cli, src/workers or src/extension.',
  }));
  const vscode = { name: 'vscode', message: 'Only src/extension uses the editor API.' };
  const rule = (paths, patterns) => ({
    rules: { 'no-restricted-imports': /** @type {['error', object]} */ (['error', { paths, patterns }]) },
  });
  // A relative import that climbs out of src/common: as many `../` as the file is deep inside it.
  const sharedDepths = [1, 2, 3].map(depth => ({
    files: [`src/common/${'*/'.repeat(depth - 1)}*.ts`],
    ...rule(
      [vscode, ...noNodePaths],
      [
        ...node,
        {
          regex: `^(\\.\\./){${depth}}`,
          message:
            'src/common imports nothing outside itself: it is loaded by the host, the core and the webviews alike.',
        },
      ],
    ),
  }));
  return [
    ...sharedDepths,
    {
      files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/workers/**/*.ts'],
      ...rule(
        [vscode],
        [
          {
            regex: '^(\\.\\./)+(extension|webview)(/|$)',
            message: 'The core, CLI and workers run without the editor: import from src/core or src/common only.',
          },
        ],
      ),
    },
    {
      files: ['webview/**/*.ts'],
      ...rule(
        [vscode, ...noNodePaths],
        [
          ...node,
          {
            regex: '(^|/)src/(core|extension|cli|workers)(/|$)',
            message: 'Webviews run in the browser: what they share with the host lives in src/common.',
          },
        ],
      ),
    },
  ];
}
