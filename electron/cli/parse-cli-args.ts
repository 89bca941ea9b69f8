import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { InspectorError } from '../../shared/model/errors';

/** Parses a command's argv with node:util parseArgs (strict, positionals allowed), turning its errors into INVALID_INPUT. */
export function parseCliArgs<O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new InspectorError('INVALID_INPUT', (err as Error).message);
  }
}
