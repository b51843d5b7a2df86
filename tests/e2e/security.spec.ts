import { expect, test } from "./fixtures";
import { DEMO, contextAs, cookieHeaderOf, createUser, openAs, signIn, signInFirstTime, storageStateOf, uniqueName } from "./helpers";
import { loginForm, postLogin } from "./instances";

// Headers, lockout and honeypot on the main server. The shared rate limit across two app
// instances, Redis stopping and the session expiry warning are in scale-out.spec.ts.

test("pages and API answers carry the security headers; every page gets a fresh CSP nonce", async ({ request }) => {
  const page = await request.get("/login");
  const headers = page.headers();
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  const html = await page.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const again = (await request.get("/login")).headers()["content-security-policy"];
  expect(again).not.toContain(`'nonce-${nonce}'`);

  const api = (await request.get("/api/health")).headers();
  for (const h of [headers, api]) {
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=(self)");
    expect(h["permissions-policy"]).toContain("microphone=()");
    // The demo runs a production build, where HSTS is on.
    expect(h["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
  }
  expect(api["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  // JSON routes skip proxy.ts: their policy comes from next.config.ts, on refusals and the liveness probe too.
  const refused = await request.get("/api/stats");
  expect(refused.status()).toBe(401);
  const live = await request.get("/api/health/live");
  expect(await live.json()).toEqual({ status: "live" });
  for (const h of [refused.headers(), live.headers()]) {
    expect(h["content-security-policy"]).toBe(api["content-security-policy"]);
    expect(h["x-frame-options"]).toBe("DENY");
  }
});

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

test("static files the proxy never sees carry the security headers on their 404s too", async ({ request }) => {
  for (const path of ["/favicon.ico", "/robots.txt", "/sounds/scan-ok.mp3", "/_next/static/chunks/no-such-chunk.js"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(404);
    const h = res.headers();
    expect(h["content-security-policy"], path).toBe(API_CSP);
    expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    expect(h["strict-transport-security"], path).toMatch(/max-age=\d{7,}/);
  }
});

test("unknown /api paths and Auth.js's unmounted endpoints answer the JSON 404, for anyone and any method", async ({ request, baseURL }) => {
  const calls: [string, string][] = [
    ["GET", "/api/no-such-endpoint"],
    ["GET", "/api/bag"],
    ["PUT", "/api/scan/child/extra"],
    ["GET", "/api/auth/error?error=Configuration"],
    ["GET", "/api/auth/session"],
    ["GET", "/api/auth/providers"],
    ["GET", "/api/auth/csrf"],
    ["POST", "/api/auth/signout"],
    ["POST", "/api/auth/signin/credentials"],
  ];
  for (const cookie of ["", cookieHeaderOf("biller")]) {
    for (const [method, path] of calls) {
      const res = await request.fetch(path, { method, headers: { origin: baseURL ?? "", ...(cookie ? { cookie } : {}) }, maxRedirects: 0 });
      const label = `${method} ${path}${cookie ? " signed in" : ""}`;
      expect(res.status(), label).toBe(404);
      expect(await res.json(), label).toEqual({ error: { code: "not_found", message: "There is no API endpoint at this address." } });
      expect(res.headers()["cache-control"], label).toBe("no-store");
      expect(res.headers()["content-security-policy"], label).toBe(API_CSP);
    }
  }
});

test("Auth.js's sign-out is gone: posting to it leaves the session alive; only the app's audited sign-out ends it", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "dispatcher");
  const signout = await page.request.post("/api/auth/signout", { headers: { origin: baseURL ?? "" }, form: { callbackUrl: "/" } });
  expect(signout.status()).toBe(404);
  expect((await page.request.get("/api/stats")).status()).toBe(200);
  await page.goto("/dashboard");
  await expect(page.getByTestId("current-user")).toContainText(DEMO.dispatcher.username);
});

test("a broken %-escape in a path answers 400: JSON for /api, a plain page for pages, signed in or not", async ({ request }) => {
  for (const cookie of ["", cookieHeaderOf("biller")]) {
    const headers = cookie ? { cookie } : undefined;
    for (const path of ["/api/bag/%ZZ", "/api/bills/%E0%A4%A", "/api/bills/B-1/parents/%E0%A4%A", "/api/bag/%00"]) {
      const res = await request.get(path, { headers, maxRedirects: 0 });
      expect(res.status(), path).toBe(400);
      expect(await res.json(), path).toEqual({ error: { code: "invalid_path", message: expect.stringContaining("%-escape") } });
      expect(res.headers()["content-security-policy"], path).toBe(API_CSP);
    }
    for (const path of ["/bills/%E0%A4%A", "/bags/%ZZ", "/reset-password/%E0%A4%A"]) {
      const res = await request.get(path, { headers, maxRedirects: 0 });
      expect(res.status(), path).toBe(400);
      expect(res.headers()["content-type"], path).toContain("text/html");
      expect(await res.text(), path).toContain("400 — Bad address");
      expect(res.headers()["x-frame-options"], path).toBe("DENY");
    }
  }
  // A well-formed escape still reaches its route (an unknown bag: the route's own 404).
  const escaped = await request.get("/api/bag/SB%30%30%30%30%30", { headers: { cookie: cookieHeaderOf("biller") } });
  expect(escaped.status()).not.toBe(400);
  expect(escaped.status()).toBeLessThan(500);
});

test("mutations of every method obey the Origin rule; X-Forwarded-Host does not vouch without TRUST_PROXY", async ({ request, baseURL }) => {
  const cookie = cookieHeaderOf("biller");
  const evil = "https://evil.example";
  const calls: [string, string, unknown][] = [
    ["DELETE", "/api/bills/NO-SUCH-BILL-X/parents/SB00001", undefined],
    ["PATCH", "/api/bills/NO-SUCH-BILL-X", { capacity: 3 }],
    ["POST", "/api/bills/NO-SUCH-BILL-X/parents", { qr: "SB00001" }],
  ];
  for (const [method, path, body] of calls) {
    for (const extra of [{}, { "x-forwarded-host": "evil.example" }] as Record<string, string>[]) {
      const headers: Record<string, string> = { cookie, origin: evil, ...extra, ...(body === undefined ? {} : { "content-type": "application/json" }) };
      const res = await request.fetch(path, { method, headers, data: body === undefined ? undefined : JSON.stringify(body) });
      const label = `${method} ${path} ${JSON.stringify(extra)}`;
      expect(res.status(), label).toBe(403);
      expect(await res.json(), label).toMatchObject({ error: { code: "bad_origin" } });
      expect(res.headers()["cache-control"], label).toBe("no-store");
    }
    // From this site the same call gets past the rule (to the route's own 404 for a missing bill).
    const own = await request.fetch(path, {
      method,
      headers: { cookie, origin: baseURL ?? "", ...(body === undefined ? {} : { "content-type": "application/json" }) },
      data: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(own.status(), `${method} ${path} from this site`).toBe(404);
  }
});

test("GET /api/users is never cached, whoever asks", async ({ request }) => {
  for (const [cookie, status] of [[cookieHeaderOf("admin"), 200], [cookieHeaderOf("biller"), 403], ["", 401]] as const) {
    const res = await request.get("/api/users", { headers: cookie ? { cookie } : undefined });
    expect(res.status()).toBe(status);
    expect(res.headers()["cache-control"]).toBe("no-store");
  }
});

test.describe(() => {
  test.use({ storageState: storageStateOf("dispatcher") });
  test("the scan page runs under the CSP without a violation and may use the camera; other features stay off", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
    });
    await openAs(page, "dispatcher", "/scan");
    await expect(page.getByRole("button", { name: "Use camera" })).toBeVisible();
    const allowed = await page.evaluate(() => {
      const policy = (document as Document & { featurePolicy?: { allowsFeature(feature: string): boolean } }).featurePolicy;
      return { camera: policy?.allowsFeature("camera"), microphone: policy?.allowsFeature("microphone"), geolocation: policy?.allowsFeature("geolocation") };
    });
    expect(allowed).toEqual({ camera: true, microphone: false, geolocation: false });
    expect(violations).toEqual([]);
  });
});

test("5 wrong passwords lock an account, answered like any wrong password (the right one too); an admin unlocks it; each attempt is audited with IP and request id", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const username = uniqueName("lock-user");
  const admin = await (await contextAs(browser, "admin")).newPage();
  await openAs(admin, "admin");
  const temporary = await createUser(admin, { username, role: "dispatcher" });

  const status = page.getByRole("status");
  for (let i = 1; i <= 5; i++) {
    // A fresh form each time, so the previous answer cannot be mistaken for this one.
    await page.goto("/login");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(`wrong-password-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The locking attempt too: the answer never tells a locked account from an unknown one.
    await expect(status).toHaveText("Wrong username or password.");
  }
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(temporary);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(status).toHaveText("Wrong username or password.");
  await expect(page).toHaveURL(/\/login/);

  await admin.goto("/admin/users");
  const row = admin.getByTestId(`user-row-${username}`);
  await expect(row).toContainText("Locked until");
  await row.getByRole("button", { name: `Unlock for ${username}` }).click();
  await expect(row.getByRole("status")).toContainText("unlocked");
  await signInFirstTime(page, username, temporary, "unlocked-pass-1");

  await admin.goto(`/admin/audit?user=${username}&action=login_failed_bad_password`);
  const rows = admin.getByTestId("audit-table").locator("tbody tr");
  await expect(rows).toHaveCount(4);
  for (const text of await rows.allTextContents()) expect(text).toMatch(/127\.0\.0\.1[0-9a-f]{8}/);
  await admin.goto(`/admin/audit?user=${username}&action=account_locked`);
  await expect(rows).toHaveCount(1);
  await rows.getByText("View").click();
  await expect(rows.getByText('"attempts": 5')).toBeVisible();
  // The unlock is the admin's act (its user is the admin); newest first, so it is the top row.
  await admin.goto("/admin/audit?action=account_unlocked");
  await rows.first().getByText("View").click();
  await expect(rows.first().getByTestId("audit-diff")).toContainText("failedLoginAttempts");
});

test("a filled honeypot is refused quietly, like a wrong password, and audited", async ({ request, browser, baseURL }) => {
  const form = await loginForm(request, baseURL ?? "");
  const answer = await postLogin(request, baseURL ?? "", form, DEMO.biller.username, DEMO.biller.password, { honeypot: "https://spam.example" });
  expect(answer.outcome).toBe("invalid");
  const admin = await (await contextAs(browser, "admin")).newPage();
  await openAs(admin, "admin");
  await admin.goto("/admin/audit?action=honeypot_triggered");
  await expect(admin.getByTestId("audit-table").locator("tbody tr").first()).toContainText("honeypot_triggered");
});
