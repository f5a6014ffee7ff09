// `npm start [-- folder]`: build, then open a real VS Code with the extension loaded on the folder (samples/ when none
// is given). Uses the desktop `code` when it is installed; otherwise serves code-server (the same host the tests use)
// on 127.0.0.1 and prints its URL.
import fs from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A relative folder is taken from where npm was started (npm runs scripts in the package root, INIT_CWD is the shell's).
const given = process.argv[2];
const folder = given ? path.resolve(process.env.INIT_CWD ?? process.cwd(), given) : path.join(root, 'samples');
if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
  console.error(`npm start: ${folder} is not a folder. Usage: npm start [-- <folder>] (default: samples/)`);
  process.exit(2);
}
const shown = given ? folder : 'samples/';
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['esbuild.config.mjs']);
const desktop = spawnSync('code', ['--version'], { encoding: 'utf8' });
if (desktop.status === 0 && !process.env.MOLML_USE_CODE_SERVER) {
  console.log(`Opening VS Code ${desktop.stdout.split('\n')[0]} on ${shown} with MolML loaded from ${root}`);
  spawn('code', [`--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit', detached: true }).unref();
} else {
  run('bash', [path.join(root, 'scripts/setup-vscode-host.sh')]);
  const { startCodeServer } = await import('./vscode-web-host.mjs');
  const host = await startCodeServer({ folder, listenPort: Number(process.env.MOLML_PORT ?? 8765) });
  const url = host.url([['extensionDevelopmentPath', host.remoteUri(root)]]);
  console.log(
    `\nMolML is loaded in VS Code (code-server) on ${shown}.\nOpen this URL in a browser on this machine:\n\n  ${url}\n\nPress Ctrl+C to stop.`,
  );
  const stop = async () => {
    await host.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.proc.on('exit', code => {
    console.error(`code-server exited (${code})`);
    process.exit(code ?? 1);
  });
}
