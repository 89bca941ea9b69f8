import type { CliCommand } from '../command';
import { classesCommand } from './classes';
import { openCommand } from './open';
import { tasksCommand } from './tasks';
import { serveCommand } from './serve';
import { siginfoCommand } from './siginfo';
import { sstateCommand } from './sstate';
import { runsCommand } from './runs';
import { outhashCommand } from './outhash';
import { outhashDiffCommand } from './outhash-diff';
import { serverCommand } from './server';
import { syncCommand } from './sync';
import { diffsigsCommand } from './diffsigs';
import { explainCommand } from './explain';
import { compareCommand } from './compare';

/**
 * Every `hashequiv` sub-command, in the order `--help` lists them.
 * To add one: write `commands/<name>.ts` exporting a CliCommand and add it here.
 */
export const COMMANDS: readonly CliCommand[] = [
  openCommand,
  tasksCommand,
  classesCommand,
  siginfoCommand,
  diffsigsCommand,
  explainCommand,
  compareCommand,
  sstateCommand,
  runsCommand,
  outhashCommand,
  outhashDiffCommand,
  serverCommand,
  syncCommand,
  serveCommand,
];
