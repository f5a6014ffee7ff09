import type { CliCommand } from '../command';
import { infoCommand } from './info';
import { depictCommand } from './depict';
import { lintCommand } from './lint';
import { modelsCommand } from './models';
import { embedCommand } from './embed';
import { similarCommand } from './similar';
import { trainCommand } from './train';
import { predictCommand } from './predict';
import { screenCommand } from './screen';
import { topCommand } from './top';

/** Every subcommand, in the order `molml --help` lists them. */
export const commands: CliCommand[] = [
  infoCommand,
  depictCommand,
  lintCommand,
  modelsCommand,
  embedCommand,
  similarCommand,
  trainCommand,
  predictCommand,
  screenCommand,
  topCommand,
];
