/**
 * The Content-Security-Policy of the renderer, the same from both front doors (Electron's
 * protocol handler and the web server): only our own scripts and styles, no eval, no inline
 * script, API calls to our own origin (and its WebSocket), no framing, no plugins.
 */
export function rendererCsp(options: { connect?: readonly string[] } = {}): string {
  const connect = ["'self'", ...(options.connect ?? [])].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
