import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { InspectorError } from '../../shared/model/errors';

/**
 * Parses a command's argv with node:util parseArgs (strict, positionals allowed), turning its errors
 * into INVALID_INPUT. With `command`, the message ends with where to read the usage.
 */
export function parseCliArgs<O extends ParseArgsOptionsConfig>(args: string[], options: O, command?: string) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (err) {
    const message = (err as Error).message;
    throw new InspectorError(
      'INVALID_INPUT',
      command ? `${message.replace(/\.$/, '')}. Run 'hashequiv ${command} --help'.` : message,
    );
  }
}
