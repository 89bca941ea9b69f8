import { InspectorError } from '../../../shared/model/errors';
import type { Credentials } from './client';
import { netrcCredentials, readNetrc } from './netrc';

/** Environment variable holding the token for `--login USER`. */
export const TOKEN_ENV = 'HASHEQUIV_TOKEN';

/**
 * Finds the credentials for a server, like bitbake-hashclient:
 * - with `login`: the token from $HASHEQUIV_TOKEN, else $BB_HASHSERVE_PASSWORD, else the .netrc
 *   entry of the address with that login; none found is an error;
 * - without: $BB_HASHSERVE_USERNAME + $BB_HASHSERVE_PASSWORD, else the .netrc entry whose machine
 *   is the whole address string (unless `noNetrc`), else anonymous (undefined).
 */
export function resolveCredentials(
  address: string,
  env: NodeJS.ProcessEnv,
  opts: { login?: string; noNetrc?: boolean } = {},
): Credentials | undefined {
  const netrc = opts.noNetrc ? undefined : readNetrc(env);
  if (opts.login !== undefined) {
    const token =
      env[TOKEN_ENV] ??
      env.BB_HASHSERVE_PASSWORD ??
      (netrc && netrcCredentials(netrc.entries, address, opts.login)?.token);
    if (token === undefined || token === '') {
      throw new InspectorError(
        'INVALID_INPUT',
        `No token for user '${opts.login}': set ${TOKEN_ENV} or add "machine ${address} login ${opts.login} password TOKEN" to ~/.netrc`,
      );
    }
    return { username: opts.login, token };
  }
  if (env.BB_HASHSERVE_USERNAME && env.BB_HASHSERVE_PASSWORD) {
    return { username: env.BB_HASHSERVE_USERNAME, token: env.BB_HASHSERVE_PASSWORD };
  }
  return netrc ? netrcCredentials(netrc.entries, address) : undefined;
}
