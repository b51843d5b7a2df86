/*
 * TraceTrack's service worker: the scan station's shell opens without a network.
 *
 * Hand-written rather than Serwist: its Turbopack integration (@serwist/turbopack) needs esbuild
 * and serwist beside it, wraps next.config.ts and serves the worker from a route handler it
 * bundles at build time — a lot of moving parts for three small rules. These are the rules:
 *
 *   - /scan and /bills/<number> page loads: network first; a good answer is kept, and used only
 *     when the network fails (a kept page keeps its own CSP header, whose nonce matches its own
 *     scripts, so it runs as it did). A redirect (to /login: signed out) forgets every kept page.
 *   - /_next/static/*: cache first (the files are content-hashed, so never stale).
 *   - everything else, /api/* and any non-GET request: not touched at all.
 *
 * The page side (components/offline/service-worker.ts) registers it on the stations, asks it to
 * keep what the first visit loaded ("warm"), and deletes these caches on sign-out.
 */

const VERSION = 1;
const PAGES = `tracetrack-pages-v${VERSION}`;
const ASSETS = `tracetrack-assets-v${VERSION}`;
// Old builds' chunks pile up in ASSETS across deploys: the oldest go past this many.
const MAX_ASSETS = 400;

/** The station pages whose shell is kept: /scan and a bill's own page (not /bills/new, not its sub-pages). */
function isStationPage(url) {
  if (url.pathname === "/scan") return true;
  const bill = /^\/bills\/([^/]+)$/.exec(url.pathname);
  return bill !== null && bill[1] !== "new";
}

const isAsset = (url) => url.pathname.startsWith("/_next/static/");
/** A page is kept under its path alone: /scan?x and /scan are one shell. */
const pageKey = (url) => url.origin + url.pathname;

function isKeepablePage(response) {
  return response.ok && response.type === "basic" && !response.redirected && (response.headers.get("Content-Type") || "").includes("text/html");
}

async function forgetPages() {
  await caches.delete(PAGES);
}

async function trimAssets(cache) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(request);
}

const OFFLINE_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  "<title>Offline · TraceTrack</title></head><body><main><h1>Offline</h1>" +
  "<p>This page has not been opened on this device with a network yet, so it cannot open without one.</p>" +
  "<p>Open the scan station once while online; after that it opens here even when the network is down.</p>" +
  '<p><a href="/scan">Try the scan station</a></p></main></body></html>';

function offlinePage() {
  return new Response(OFFLINE_HTML, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'" },
  });
}

async function networkFirst(request, url) {
  try {
    const response = await fetch(request);
    // A navigation follows redirects itself ("manual"): an opaque redirect here is the sign-in
    // detour of proxy.ts (or another one). Either way this browser's kept pages may be stale.
    if (response.type === "opaqueredirect" || response.redirected) await forgetPages();
    else if (isKeepablePage(response)) await (await caches.open(PAGES)).put(pageKey(url), response.clone());
    return response;
  } catch {
    const kept = await (await caches.open(PAGES)).match(pageKey(url));
    return kept || offlinePage();
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
    await trimAssets(cache);
  }
  return response;
}

/** Keeps what a station page loaded before this worker controlled it (its first visit). */
async function warm(urls) {
  const assets = await caches.open(ASSETS);
  const pages = await caches.open(PAGES);
  for (const raw of urls) {
    let url;
    try {
      url = new URL(raw, self.location.origin);
    } catch {
      continue;
    }
    if (url.origin !== self.location.origin) continue;
    try {
      if (isAsset(url)) {
        if (!(await assets.match(url.href))) {
          const response = await fetch(url.href);
          if (response.ok && response.type === "basic") await assets.put(url.href, response);
        }
      } else if (isStationPage(url) && !(await pages.match(pageKey(url)))) {
        const response = await fetch(pageKey(url), { credentials: "same-origin", redirect: "manual" });
        if (isKeepablePage(response)) await pages.put(pageKey(url), response);
      }
    } catch {
      // Offline or refused: the next online visit keeps it.
    }
  }
  await trimAssets(assets);
}

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([PAGES, ASSETS]);
      for (const name of await caches.keys()) if (name.startsWith("tracetrack-") && !keep.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (isAsset(url)) event.respondWith(cacheFirst(request));
  else if (request.mode === "navigate" && isStationPage(url)) event.respondWith(networkFirst(request, url));
});

self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || typeof data !== "object") return;
  if (data.type === "warm" && Array.isArray(data.urls)) event.waitUntil(warm(data.urls.slice(0, 200).filter((u) => typeof u === "string")));
  if (data.type === "forget") event.waitUntil(forgetPages());
});
