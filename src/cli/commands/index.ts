import type { CliCommand } from '../command';
import { infoCommand } from './info';
import { depictCommand } from './depict';

/** Every subcommand, in the order `molml --help` lists them. */
export const commands: CliCommand[] = [infoCommand, depictCommand];
