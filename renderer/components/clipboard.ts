/**
 * Puts text on the clipboard, or throws why it cannot: browsers offer `navigator.clipboard` only in
 * secure contexts (https or localhost), so web mode opened over plain http from another host has none.
 */
export async function copyText(text: string): Promise<void> {
  const clip = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
  if (!clip?.writeText) {
    throw new Error('the clipboard is not available here (web mode needs https or localhost)');
  }
  await clip.writeText(text);
}
