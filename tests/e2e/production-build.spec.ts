import { expect, test } from "@playwright/test";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { prepareStandalone } from "../../scripts/standalone.mjs";
import { startApp, stopApp, type RunningApp } from "./instances";
import { DEMO, storageStateOf } from "./helpers";

// What the suite's production build is (issue 20): no benchmark-only page in it, and its
// standalone server — what the Dockerfile runs — serves the app on its own.
const DIST = process.env.NEXT_DIST_DIR || ".next";

test.describe("the production build", () => {
  test.use({ storageState: storageStateOf("biller") });

  test("routes no benchmark-only page or route: /bench/baseline and /api/bench/* are not in its route list and answer 404", async ({ request }) => {
    const routes = JSON.parse(readFileSync(path.join(DIST, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
    expect(Object.keys(routes).length).toBeGreaterThan(50);
    expect(Object.values(routes)).toContain("/bags");
    expect(Object.entries(routes).filter(([file, route]) => route.startsWith("/bench") || file.includes("bench"))).toEqual([]);
    // Signed in (the proxy would send a visitor to /login first): the page itself is not there.
    expect((await request.get("/bench/baseline", { maxRedirects: 0 })).status()).toBe(404);
    // The bench's floors (app/api/bench/*/route.bench.ts): no such routes either.
    expect((await request.get("/api/bench/db")).status()).toBe(404);
    expect((await request.post("/api/bench/post", { data: {} })).status()).toBe(404);
  });
});

test.describe("the standalone server (node <build>/standalone/server.js)", () => {
  test.describe.configure({ mode: "serial" });
  const PORT = 3197;
  let app: RunningApp | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const server = path.join(DIST, "standalone", "server.js");
    // `npm test` builds with NEXT_OUTPUT=standalone; a plain build has nothing to check here.
    test.skip(!existsSync(server) && !process.env.CI, `no ${server}: build with NEXT_OUTPUT=standalone (npm test does)`);
    app = await startApp(PORT, {}, prepareStandalone(DIST));
  });
  test.afterAll(async () => stopApp(app));

  test("answers its health probes, serves the sign-in page with its scripts and styles, and signs a biller in", async ({ browser, request }) => {
    const base = app?.url ?? "";
    expect((await request.get(`${base}/api/health/live`)).status()).toBe(200);
    const health = await request.get(`${base}/api/health`);
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok" });

    const login = await request.get(`${base}/login`);
    expect(login.status()).toBe(200);
    expect(login.headers()["content-security-policy"]).toMatch(/script-src[^;]*'nonce-/);
    const html = await login.text();
    const assets = [...html.matchAll(/(?:href|src)="(\/_next\/static\/[^"]+\.(?:css|js))"/g)].map((m) => m[1] ?? "");
    expect(assets.some((a) => a.endsWith(".css"))).toBe(true);
    for (const asset of assets.slice(0, 6)) expect((await request.get(`${base}${asset}`)).status(), asset).toBe(200);
    // public/ is served too (copied beside server.js by scripts/standalone.mjs).
    expect((await request.get(`${base}/icons/icon-192.png`)).status()).toBe(200);

    // A browser of its own (no saved session: this instance has its own database).
    const context = await browser.newContext({ storageState: undefined, baseURL: base });
    try {
      const page = await context.newPage();
      await page.goto("/login");
      await page.getByLabel("Username").fill(DEMO.biller.username);
      await page.getByLabel("Password").fill(DEMO.biller.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("current-user")).toContainText(DEMO.biller.username);
      await page.goto("/bags");
      await expect(page.getByTestId("bag-table")).toBeVisible();
      const stats = await page.request.get("/api/stats");
      expect(stats.status()).toBe(200);
      expect(await stats.json()).toHaveProperty("childBags");
    } finally {
      await context.close();
    }
  });
});
