// `molml`: the command-line adapter over src/core. One line on stderr and exit 2 for any usage error.
import { commands } from './commands';
import { UsageError } from './args';
import type { CliIO } from './command';
import { version } from '../../package.json';

const io: CliIO = {
  out: text => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  err: text => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
};

function help(): string {
  const width = Math.max(...commands.map(c => c.name.length));
  return [
    `molml ${version}: molecules for machine learning (RDKit, ONNX) from the command line`,
    '',
    'usage: molml <command> [options]',
    '',
    'commands:',
    ...commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'molml <command> --help shows the options of one command.',
    'exit codes: 0 ok, 1 problems found in the input, 2 usage or I/O error',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') { io.out(help()); return 0; }
  if (name === '--version' || name === '-V') { io.out(version); return 0; }
  const command = commands.find(c => c.name === name);
  if (!command) { io.err(`molml: unknown command '${name}' (see molml --help)`); return 2; }
  if (rest.includes('--help') || rest.includes('-h')) { io.out(`usage: ${command.usage}\n\n${command.summary}`); return 0; }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) { io.err(`molml ${name}: ${e.message} (usage: ${command.usage})`); return 2; }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.syscall) { io.err(`molml ${name}: ${err.message}`); return 2; }
    throw e;
  }
}

if (require.main === module) {
  // `molml lint big.csv | head` closes stdout early: that is the reader's choice, not an error.
  process.stdout.on('error', e => { if ((e as NodeJS.ErrnoException).code === 'EPIPE') process.exit(process.exitCode ?? 0); throw e; });
  main(process.argv.slice(2)).then(
    code => { process.exitCode = code; },
    e => { io.err(`molml: ${(e as Error).stack ?? e}`); process.exitCode = 2; },
  );
}
