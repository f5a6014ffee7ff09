// `npm start`: build, then open a real VS Code with the extension loaded on samples/. Uses the desktop `code` when
// it is installed; otherwise serves code-server (the same host the tests use) on 127.0.0.1 and prints its URL.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samples = path.join(root, 'samples');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, ['esbuild.config.mjs']);
const desktop = spawnSync('code', ['--version'], { encoding: 'utf8' });
if (desktop.status === 0 && !process.env.MOLML_USE_CODE_SERVER) {
  console.log(`Opening VS Code ${desktop.stdout.split('\n')[0]} on samples/ with MolML loaded from ${root}`);
  spawn('code', [`--extensionDevelopmentPath=${root}`, samples], { stdio: 'inherit', detached: true }).unref();
} else {
  run('bash', [path.join(root, 'scripts/setup-vscode-host.sh')]);
  const { startCodeServer } = await import('./vscode-web-host.mjs');
  const host = await startCodeServer({ folder: samples, listenPort: Number(process.env.MOLML_PORT ?? 8765) });
  const url = host.url([['extensionDevelopmentPath', host.remoteUri(root)]]);
  console.log(
    `\nMolML is loaded in VS Code ${'(code-server)'} on samples/.\nOpen this URL in a browser on this machine:\n\n  ${url}\n\nPress Ctrl+C to stop.`,
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
