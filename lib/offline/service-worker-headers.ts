// The headers of /sw.js (next.config.ts). A worker runs under the CSP its script came with, so
// the worker gets its own: it may fetch from this origin (pages, chunks) and do nothing else.
// no-cache: the browser asks for a new worker on every check, so a fix reaches every tablet.

export const SERVICE_WORKER_PATH = "/sw.js";

export const SERVICE_WORKER_CSP = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const SERVICE_WORKER_HEADERS = [
  { key: "Content-Security-Policy", value: SERVICE_WORKER_CSP },
  { key: "Cache-Control", value: "no-cache" },
  // Its scope is the whole app (the default for a worker at the root; said explicitly).
  { key: "Service-Worker-Allowed", value: "/" },
];
