import { expect, test } from "./fixtures";
import { DEMO, finishSignIn, openAs, signIn, storageStateOf } from "./helpers";

const EXPECTED_NAV = {
  admin: ["Dashboard", "Scan", "Bags", "Bills", "Passes", "Returns", "Labels", "End of day", "Gate", "Admin", "Profile"],
  biller: ["Dashboard", "Scan", "Bags", "Bills", "Passes", "Returns", "Labels", "End of day", "Profile"],
  dispatcher: ["Dashboard", "Scan", "Bags", "Profile"],
  gate: ["Gate"],
  customer: ["Portal", "Profile"],
} as const;
const HOME = { admin: "Dashboard", biller: "Dashboard", dispatcher: "Dashboard", gate: "Gate", customer: "Portal" } as const;
const HEADING = { ...HOME, customer: "Your bills" } as const;
const BADGE = { admin: "Admin", biller: "Biller", dispatcher: "Lucknow", gate: "Gate", customer: "Customer" } as const;

for (const role of ["admin", "biller", "dispatcher", "gate", "customer"] as const) {
  test(`${role} signs in, sees the ${role} navigation and signs out`, async ({ page }) => {
    await signIn(page, role);
    await expect(page).toHaveURL(new RegExp(`/${HOME[role].toLowerCase()}$`));
    await expect(page.getByRole("heading", { name: HEADING[role], exact: true })).toBeAttached();
    const nav = page.getByRole("navigation", { name: "Main" }).getByRole("link");
    await expect(nav).toHaveText([...EXPECTED_NAV[role]]);
    await expect(page.getByTestId("current-user")).toContainText(BADGE[role]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    // The session row is gone: the old cookie no longer opens the dashboard.
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  });
}

test("a wrong password shows a clear error and does not sign in", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill(DEMO.biller.username);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status")).toContainText("Wrong username or password.");
  await expect(page).toHaveURL(/\/login/);
  // The username stays for the next try; the password never comes back.
  await expect(page.getByLabel("Username")).toHaveValue(DEMO.biller.username);
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("an anonymous visitor is sent to login and comes back after signing in", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
  await page.getByLabel("Username").fill(DEMO.admin.username);
  await page.getByLabel("Password").fill(DEMO.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Admins pass a second factor (enrolling first if they have none) and still land where they were going.
  await finishSignIn(page, DEMO.admin.username);
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole("cell", { name: "dispatcher", exact: true })).toBeVisible();
});

for (const role of ["biller", "dispatcher"] as const) {
  test.describe(() => {
    test.use({ storageState: storageStateOf(role) });
    test(`${role} gets 403 on /admin pages and the admin-only API`, async ({ page }) => {
      await openAs(page, role);
      const pageResponse = await page.goto("/admin/users");
      expect(pageResponse?.status()).toBe(403);
      await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
      const api = await page.request.get("/api/users");
      expect(api.status()).toBe(403);
      expect(await api.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    });
  });
}

test("anonymous requests: pages redirect to /login, APIs answer 401 JSON", async ({ request }) => {
  for (const path of ["/", "/dashboard", "/profile", "/admin", "/admin/users", "/admin/audit", "/admin/sessions", "/2fa/setup"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
    expect(res.headers().location, path).toMatch(/\/login/);
  }
  const api = await request.get("/api/users");
  expect(api.status()).toBe(401);
  expect(await api.json()).toEqual({ error: { code: "unauthenticated", message: "Please sign in." } });
  // A forged cookie gets past the optimistic proxy but not the route's own guard.
  const forged = await request.get("/api/users", { headers: { cookie: "authjs.session-token=forged" } });
  expect(forged.status()).toBe(401);
});

test("health is public and reports the embedded database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toMatchObject({ status: "ok", db: { ok: true }, redis: "disabled" });
  expect(typeof body.db.latencyMs).toBe("number");
  expect((await request.get("/health")).status()).toBe(200);
});

test("the login page works on a phone-sized screen", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Username").fill(DEMO.dispatcher.username);
  await page.getByLabel("Password").fill(DEMO.dispatcher.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: "test-results/dashboard-phone.png" });
  await context.close();
});
