/**
 * Turns Node file-system errors (ENOENT, EACCES, ELOOP...) into InspectorErrors with the file,
 * so every reader reports a missing, vanished or unreadable file the same way.
 */
import { InspectorError } from '../../../../shared/model/errors';

/** The errno code of a Node fs error, or undefined. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Maps a Node fs error to an InspectorError naming `file`. */
export function fsErrorToInspector(err: unknown, file: string): InspectorError {
  if (err instanceof InspectorError) return err;
  const code = errnoCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'ENOENT':
      return new InspectorError(
        'NOT_FOUND',
        'The file does not exist (or vanished while we read it).',
        { file },
        { cause: err },
      );
    case 'EACCES':
    case 'EPERM':
      return new InspectorError(
        'PERMISSION_DENIED',
        'Permission denied: the file cannot be read by this user.',
        { file },
        { cause: err },
      );
    case 'EISDIR':
    case 'ENOTDIR':
      return new InspectorError(
        'NOT_A_FILE',
        `Expected a file, found a directory (or the reverse): ${detail}`,
        { file },
        { cause: err },
      );
    case 'ELOOP':
      return new InspectorError(
        'BAD_FORMAT',
        'Too many levels of symbolic links (a symlink loop).',
        { file },
        { cause: err },
      );
    case 'ENAMETOOLONG':
      return new InspectorError('INVALID_INPUT', 'The path is too long.', { file }, { cause: err });
    default:
      return new InspectorError(
        'INTERNAL',
        `File system error ${code ?? ''}: ${detail}`,
        { file },
        { cause: err },
      );
  }
}
