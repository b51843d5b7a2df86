import { useEffect } from "react";

// The page side of public/sw.js: registered by the stations (the pages that must open offline),
// in production builds only (a dev server's assets change under it), and where the browser allows
// service workers at all (https, or localhost).

export const SERVICE_WORKER_URL = "/sw.js";
const CACHE_PREFIX = "tracetrack-";

/** Same-origin /_next/static files this page has loaded so far (scripts, styles, fonts). */
function loadedAssets(): string[] {
  if (typeof performance === "undefined" || typeof performance.getEntriesByType !== "function") return [];
  return performance
    .getEntriesByType("resource")
    .map((entry) => entry.name)
    .filter((name) => {
      try {
        const url = new URL(name);
        return url.origin === window.location.origin && url.pathname.startsWith("/_next/static/");
      } catch {
        return false;
      }
    });
}

/** Registers the worker and asks it to keep this page and what it loaded (its first visit was not served by it). */
export function useServiceWorker(): void {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator) || !window.isSecureContext) return;
    let cancelled = false;
    navigator.serviceWorker
      .register(SERVICE_WORKER_URL, { scope: "/", updateViaCache: "none" })
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        if (!cancelled) registration.active?.postMessage({ type: "warm", urls: [window.location.pathname, ...loadedAssets()] });
      })
      .catch(() => {
        // No worker (refused, or an old browser): the station works online as before; only a reload
        // without a network will not open.
      });
    return () => {
      cancelled = true;
    };
  }, []);
}

/**
 * Sign-out on a shared PC: the kept station pages (with the previous user's name and station)
 * go. The offline queue stays in IndexedDB under its user: those scans are sent when that user
 * signs in again, never as anyone else.
 */
export function forgetKeptPages(): Promise<void> {
  if (typeof caches === "undefined") return Promise.resolve();
  return caches
    .keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX)).map((n) => caches.delete(n))))
    .then(
      () => undefined,
      () => undefined,
    );
}
