/**
 * The warning the Server view shows as soon as a `unix://` address is typed while the engine runs on
 * Windows (app.info's platform): the socket is on the build machine or inside WSL, out of reach of a
 * Windows process. Same text as the engine's refusal (electron/services/hashserv/address.ts; a test
 * keeps them equal), so the user reads it before pressing Connect, not only after.
 */
export function unixSocketHint(address: string, platform: string | undefined): string | null {
  const text = address.trim();
  if (platform !== 'win32' || !text.startsWith('unix://')) return null;
  const socketPath = text.slice('unix://'.length);
  if (!socketPath) return null;
  return (
    'unix sockets on the build machine are not reachable from Windows; forward it over SSH as TCP, ' +
    `e.g. ssh -N -L 8686:${socketPath} you@buildhost (or from WSL), then connect to localhost:8686`
  );
}
