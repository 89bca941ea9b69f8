import type { App, Session, WebContents } from 'electron';
import { shell } from 'electron';

/** Only these URLs may be opened in the user's browser (Help ▸ Documentation, links in views). */
function isSafeExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Locks down every webContents: no navigation away from our page, no new windows (https links go
 * to the system browser), no <webview>, and every permission request (camera, notifications,
 * geolocation…) denied.
 */
export function hardenApp(app: App, session: Session, isOurPage: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isOurPage(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isOurPage(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternal(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
