/** A `molml` subcommand. `run` resolves to the process exit code: 0 ok, 1 findings/failures, 2 usage or I/O error. */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Further paragraphs for `molml <command> --help`. */
  notes?: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

/** A failure that ends the command with exit code 2 and this one-line message (no usage text). */
export class CommandError extends Error {}
