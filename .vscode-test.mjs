// Extension-host tests through stock @vscode/test-cli. A desktop VS Code cannot be downloaded offline, so
// `useInstallation` points at a shim that runs the same mocha suite in code-server's extension host; on a machine
// with a desktop VS Code, set MOLML_TEST_DESKTOP=1 to let @vscode/test-electron download and use it instead.
import { defineConfig } from '@vscode/test-cli';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A throw-away copy of the sample workspace: tests edit files in it.
const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'molml-ws-'));
fs.cpSync(fileURLToPath(new URL('./samples', import.meta.url)), ws, { recursive: true });

export default defineConfig({
  files: 'out/test/host/**/*.test.js',
  workspaceFolder: ws,
  ...(process.env.MOLML_TEST_DESKTOP
    ? { version: '1.100.3' }
    : {
        useInstallation: { fromPath: fileURLToPath(new URL('./scripts/code-shim.mjs', import.meta.url)) },
      }),
  mocha: { ui: 'bdd', timeout: 60000, color: false },
});
