import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { spawnSync } from "node:child_process";
import { DEMO, signIn } from "./helpers";
import { loginForm, postLogin, startApp, startRedis, stopApp, type RunningApp } from "./instances";

// Two more app instances on a Redis of their own (tests/e2e/instances.ts): the shared rate limit
// across both, Redis stopping mid-test, and the session expiry warning. A file of its own, so a
// second worker runs it beside security.spec.ts.

const hasRedis = spawnSync("sh", ["-c", "command -v redis-server && command -v redis-cli"]).status === 0;

test.describe("two app instances sharing one Redis", () => {
  test.describe.configure({ mode: "serial" });
  test.skip(!hasRedis, "needs redis-server and redis-cli on PATH");

  const basePort = Number(process.env.E2E_PORT ?? 3100);
  const redisPort = basePort + 2991;
  let redis: { stop(): void } | undefined;
  let a: RunningApp | undefined;
  let b: RunningApp | undefined;
  // Signed in on A before anything else, to show later that A keeps serving without Redis.
  let billerOnA = "";
  const urlOf = (app: RunningApp | undefined) => app?.url ?? "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    redis = startRedis(redisPort);
    const shared = { REDIS_URL: `redis://127.0.0.1:${redisPort}` };
    // B also has a 15-second idle timeout, so the expiry warning shows within seconds.
    [a, b] = await Promise.all([startApp(basePort + 1, shared), startApp(basePort + 2, { ...shared, SESSION_IDLE_SECONDS: "15", SESSION_ABSOLUTE_SECONDS: "300" })]);
    const request = await playwrightRequest.newContext();
    const signedIn = await postLogin(request, urlOf(a), await loginForm(request, urlOf(a)), DEMO.biller.username, DEMO.biller.password);
    billerOnA = signedIn.cookie;
    await request.dispose();
  });
  test.afterAll(async () => {
    await Promise.all([stopApp(a), stopApp(b)]);
    redis?.stop();
  });

  test("the session warning offers 'Stay signed in' before the idle limit and signs out at the end", async ({ browser }) => {
    test.setTimeout(150_000);
    const context = await browser.newContext({ baseURL: urlOf(b) });
    const page = await context.newPage();
    await signIn(page, "biller", "/dashboard");
    const warning = page.getByTestId("session-warning");
    await expect(warning).toBeVisible({ timeout: 45_000 });
    await expect(warning).toContainText(/signed out in 0:\d\d because of inactivity/);
    await warning.getByRole("button", { name: "Stay signed in" }).click();
    await expect(warning).toBeHidden();
    // Unanswered, the warning comes back and the session ends where the server ends it.
    await expect(warning).toBeVisible({ timeout: 45_000 });
    await expect(page).toHaveURL(/\/login\?expired=1&next=%2Fdashboard/, { timeout: 45_000 });
    await expect(page.getByText("Your session ended")).toBeVisible();
    await context.close();
  });

  test("a burst of sign-ins from one client is limited across both instances, whatever X-Forwarded-For it sends", async ({ request }) => {
    test.setTimeout(120_000);
    const form = await loginForm(request, urlOf(a));
    const outcomes: string[] = [];
    for (let i = 0; i < 100; i++) {
      const target = i % 2 ? urlOf(b) : urlOf(a);
      outcomes.push((await postLogin(request, target, form, `burst-${i}-${Date.now()}`, "wrong-password", { forwardedFor: `10.${i}.${i}.1` })).outcome);
    }
    const answered = outcomes.filter((o) => o === "invalid").length;
    // One shared budget of 60 a minute per client address (a sliding window: a burst across a
    // minute's edge gets a few more); per instance or per forged address all 100 would pass.
    expect(answered).toBeGreaterThanOrEqual(55);
    expect(answered).toBeLessThanOrEqual(75);
    expect(outcomes.filter((o) => o === "rate_limited").length).toBe(100 - answered);
  });

  test("with Redis stopped the app keeps serving, health says degraded, and sign-in limits still hold", async ({ request }) => {
    test.setTimeout(120_000);
    redis?.stop();
    await expect.poll(async () => (await (await request.get(`${urlOf(a)}/api/health`)).json()).status, { timeout: 15_000 }).toBe("degraded");
    expect((await request.get(`${urlOf(a)}/api/health`)).status()).toBe(200);

    expect(billerOnA).toContain("authjs.session-token=");
    const cookie = { cookie: billerOnA };
    expect((await request.get(`${urlOf(a)}/dashboard`, { headers: cookie, maxRedirects: 0 })).status()).toBe(200);
    expect((await request.get(`${urlOf(a)}/api/bag/SB00001`, { headers: cookie })).status()).toBe(200);

    const form = await loginForm(request, urlOf(a));
    const outcomes: string[] = [];
    for (let i = 0; i < 100; i++) outcomes.push((await postLogin(request, urlOf(a), form, `down-${i}-${Date.now()}`, "wrong-password")).outcome);
    // Counted in this instance now: still about 60 a minute (fewer if Redis hiccups earlier
    // already moved some counting here), never unlimited.
    const answered = outcomes.filter((o) => o === "invalid").length;
    expect(answered).toBeLessThanOrEqual(75);
    expect(outcomes.filter((o) => o === "rate_limited").length).toBe(100 - answered);
  });
});

