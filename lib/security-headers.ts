// The Content-Security-Policy values proxy.ts sends. Pure, so they are unit-tested.

/** 128 random bits, base64: a fresh one for every page response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Pages: scripts only with this response's nonce (Next adds it to its own scripts) and what those
 * load ('strict-dynamic'); no plugins, no framing, forms post only here. Inline style ATTRIBUTES
 * stay allowed (progress bars set widths; CSS cannot run script), inline <style> needs the nonce.
 * `dev` adds what `next dev` needs (eval for stack traces, websocket for reloads).
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    // data: for the 2FA QR code; blob: for camera frames the scanner draws.
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "media-src 'self' blob:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON and CSV answers never run anything or get framed. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
