import type { CliCommand } from '../command';
import { infoCommand } from './info';
import { lintCommand } from './lint';

/** Every subcommand, in the order `molml --help` lists them. */
export const commands: CliCommand[] = [infoCommand, lintCommand];
