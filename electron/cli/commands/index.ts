import type { CliCommand } from '../command';
import { siginfoCommand } from './siginfo';
import { sstateCommand } from './sstate';
import { runsCommand } from './runs';
import { outhashCommand } from './outhash';
import { outhashDiffCommand } from './outhash-diff';
import { diffsigsCommand } from './diffsigs';
import { explainCommand } from './explain';
import { compareCommand } from './compare';

/**
 * Every `hashequiv` sub-command, in the order `--help` lists them.
 * To add one: write `commands/<name>.ts` exporting a CliCommand and add it here.
 */
export const COMMANDS: readonly CliCommand[] = [
  siginfoCommand,
  sstateCommand,
  diffsigsCommand,
  explainCommand,
  compareCommand,
  outhashCommand,
  outhashDiffCommand,
  runsCommand,
];
