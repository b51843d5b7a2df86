import { expect, test } from "./fixtures";
import { DEMO, contextAs, createUser, openAs, signInFirstTime, storageStateOf, uniqueName } from "./helpers";
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

test("5 wrong passwords lock an account with a message saying when; an admin unlocks it; each attempt is audited with IP and request id", async ({ browser, page }) => {
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
    await expect(status).toContainText(i < 5 ? "Wrong username or password." : /locked until \d{2}:\d{2} IST/);
  }
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(temporary);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(status).toContainText("locked until");

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
