// `molml`: the command-line adapter over src/core. One line on stderr and exit 2 for any usage error.
import { commands } from './commands';
import { UsageError } from './args';
import { CommandError, type CliIO } from './command';
import { version } from '../../package.json';

const io: CliIO = {
  // Writes to a file or /dev/full are synchronous and may throw at the call; pipes report on 'error'.
  out: text => {
    try {
      process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    } catch (e) {
      onStdoutError(e as NodeJS.ErrnoException);
    }
  },
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

/** The command being run, for messages printed outside it. */
let running = 'molml';

/** One line for any error: the first line of its message (the stack only with MOLML_DEBUG=1). */
function oneLine(e: unknown): string {
  if (process.env.MOLML_DEBUG === '1' && e instanceof Error && e.stack) return e.stack;
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n').find(l => l.trim()) ?? 'unknown error';
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name) running = `molml ${name}`;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return 0;
  }
  if (name === '--version' || name === '-V') {
    io.out(version);
    return 0;
  }
  const command = commands.find(c => c.name === name);
  if (!command) {
    io.err(`molml: unknown command '${name}' (see molml --help)`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}\n\n${command.summary}${command.notes ? `\n\n${command.notes}` : ''}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`molml ${name}: ${e.message} (usage: ${command.usage})`);
      return 2;
    }
    if (e instanceof CommandError) {
      io.err(`molml ${name}: ${e.message}`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.syscall) {
      io.err(`molml ${name}: ${err.message}`);
      return 2;
    }
    throw e;
  }
}

/**
 * A failed write to stdout ends the command: `molml lint big.csv | head` closing the pipe is the reader's choice and
 * exits quietly; anything else (a full disk, /dev/full, a closed descriptor) is one line on stderr and exit 2.
 */
function onStdoutError(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  try {
    process.stderr.write(`${running}: cannot write to standard output: ${oneLine(e)}\n`);
  } catch {
    /* stderr is gone too */
  }
  process.exit(2);
}

if (require.main === module) {
  process.stdout.on('error', onStdoutError);
  main(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    e => {
      io.err(`${running}: ${oneLine(e)}`);
      process.exitCode = 2;
    },
  );
}
