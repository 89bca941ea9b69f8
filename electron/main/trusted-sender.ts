/**
 * Which IPC senders are ours: a webContents we created, its main frame (never an iframe), showing
 * our own page (the app:// origin, or the dev server in development). Every call is checked.
 */

/** What the check needs from an IPC event (structural, so tests need no Electron). */
export interface IpcSenderEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** What counts as ours. */
export interface TrustPolicy {
  /** ids of the webContents of our windows. */
  webContentsIds: ReadonlySet<number>;
  /** Page URL prefixes we serve, e.g. 'app://inspector/' or 'http://localhost:5173/'. */
  urlPrefixes: readonly string[];
}

/** Why the sender is refused, or null when it is trusted. */
export function untrustedReason(event: IpcSenderEvent, policy: TrustPolicy): string | null {
  if (!policy.webContentsIds.has(event.sender.id)) return `unknown webContents ${event.sender.id}`;
  const frame = event.senderFrame;
  if (!frame) return 'the sending frame is gone';
  if (frame.parent !== null) return 'a subframe may not call the API';
  if (!policy.urlPrefixes.some((p) => frame.url.startsWith(p))) return `page ${frame.url} is not ours`;
  return null;
}
