import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { ACTION_BODY_LIMIT_BYTES } from "./lib/action-limits";
import { SERVICE_WORKER_HEADERS, SERVICE_WORKER_PATH } from "./lib/offline/service-worker-headers";
import { DOCS_CSP } from "./lib/openapi/docs-style";
import { API_CSP } from "./lib/security-headers";

// Headers for every response, static files included. A page's Content-Security-Policy needs a
// fresh nonce per request, so proxy.ts sets it; JSON routes (which skip the proxy) get the
// constant API policy here.
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // The scan page uses the camera; nothing else may.
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Built apps only (next build runs as production); browsers ignore HSTS over plain http.
  ...(process.env.NODE_ENV === "production" ? [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }] : []),
];

/** Never seen by proxy.ts (its `config.matcher`), so no page policy reaches them. */
const STATIC_PATHS = ["/_next/static/:path+", "/_next/image", "/favicon.ico", "/robots.txt", "/sounds/:path+", "/manifest.webmanifest", "/icons/:path+"];

const nextConfig: NextConfig = {
  // A separate build directory lets benchmarks or a second developer build beside `.next`.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // NEXT_OUTPUT=standalone (the Dockerfile, the benchmark, `npm test`'s build): a server.js with
  // only the node_modules it uses, in <distDir>/standalone; scripts/standalone.mjs adds the
  // static files and migrations. Plain `next build` + `next start` stay as they were.
  ...(process.env.NEXT_OUTPUT === "standalone" ? { output: "standalone" as const } : {}),

  // PGlite ships WASM and data files that must be loaded from node_modules at run time.
  // exceljs (the portal's XLSX export) is CommonJS with optional Node-only parts: loaded at run time too.
  serverExternalPackages: ["@electric-sql/pglite", "exceljs"],
  poweredByHeader: false,
  // `.bench.tsx` / `.bench.ts` files (the benchmark's baseline page, app/bench/baseline/
  // page.bench.tsx, and its floor routes, app/api/bench/*/route.bench.ts) are pages and routes
  // only in a build made with TT_BENCH_PAGES=1, as `npm run bench` makes its own; a
  // production build never routes them (tests/e2e/production-build.spec.ts checks the route list).
  pageExtensions: process.env.TT_BENCH_PAGES === "1" ? ["bench.tsx", "bench.ts", "tsx", "ts", "jsx", "js"] : ["tsx", "ts", "jsx", "js"],
  experimental: {
    authInterrupts: true,
    // What Next reads of a server action's body. Past it Next answers 500, so the proxy answers a
    // larger declared body first (oversizedActionResponse, a friendly 413).
    serverActions: { bodySizeLimit: ACTION_BODY_LIMIT_BYTES },
  },
  async rewrites() {
    return [{ source: "/health", destination: "/api/health" }];
  },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
      // The one HTML page under /api (the API reference): API_CSP plus its <style> by hash. Later
      // rules win, and Next keeps a config header over the route's own, so it is set here too.
      { source: "/api/docs", headers: [{ key: "Content-Security-Policy", value: DOCS_CSP }] },
      // Paths proxy.ts's matcher leaves out: static files and their 404s get the same strict policy.
      ...STATIC_PATHS.map((source) => ({ source, headers: [{ key: "Content-Security-Policy", value: API_CSP }] })),
      // The offline station's service worker (public/sw.js), also outside the proxy: its own policy.
      { source: SERVICE_WORKER_PATH, headers: SERVICE_WORKER_HEADERS },
    ];
  },
};

// next-intl (issue 19): i18n/request.ts gives each request its language and messages.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

export default withNextIntl(nextConfig);
