import type { CliCommand } from '../command';
import { infoCommand } from './info';

/** Every subcommand, in the order `molml --help` lists them. */
export const commands: CliCommand[] = [infoCommand];
