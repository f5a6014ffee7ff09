// typescript-eslint flat config. Type-aware rules (no-floating-promises) need the project's tsconfig.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
  {
    // The core runs in plain Node (tests, CLI, worker threads): the editor API must never leak into it.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/workers/**/*.ts', 'webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message:
                'src/core, the CLI, workers and webviews must not import vscode: put editor code in src/extension.',
            },
          ],
        },
      ],
    },
  },
);
