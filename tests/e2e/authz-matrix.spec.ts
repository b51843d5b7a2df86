import type { APIRequestContext, Browser } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PAGES, PRINCIPALS, ROUTES, type Method, type PageOutcome, type Principal } from "../authz-manifest";
import { contextAs, cookieHeaderOf, createUser, openAs, signInFirstTime, uniqueName } from "./helpers";

// Every page and route handler of tests/authz-manifest.ts × the six principals, over HTTP
// against the running app (tests/unit/authz-manifest.test.ts makes sure the manifest lists them
// all; tests/unit/authz-actions.test.ts does the same for server actions).

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

const cookies: Partial<Record<Principal, string>> = { anonymous: "" };

async function cookieHeader(browser: Browser, signInWith: (page: import("@playwright/test").Page) => Promise<void>): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWith(page);
  const header = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  await context.close();
  return header;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  // The demo users' sessions saved by the setup project; a new admin without 2FA signed in here.
  cookies["admin-2fa"] = cookieHeaderOf("admin");
  cookies.dispatcher = cookieHeaderOf("dispatcher");
  cookies.biller = cookieHeaderOf("biller");
  cookies.customer = cookieHeaderOf("customer");
  const adminNo2fa = uniqueName("matrix-admin");
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  const temporary = await createUser(admin, { username: adminNo2fa, role: "admin" });
  // A gate user (no area), signed in through the forced password change: it lands on /gate.
  const gateUser = uniqueName("matrix-gate");
  const gateTemporary = await createUser(admin, { username: gateUser, role: "gate" });
  await adminContext.close();
  cookies.gate = await cookieHeader(browser, async (page) => {
    await signInFirstTime(page, gateUser, gateTemporary, "matrix-gate-pass-1");
    await expect(page).toHaveURL(/\/gate$/);
  });
  cookies["admin-no-2fa"] = await cookieHeader(browser, async (page) => {
    await signInFirstTime(page, adminNo2fa, temporary, "matrix-admin-pass-1");
    await expect(page).toHaveURL(/\/2fa\/setup/);
  });
});

/** Where a page must send a principal it does not show. */
function expectedPage(allow: readonly Principal[], principal: Principal, special?: PageOutcome): PageOutcome {
  if (special) return special;
  if (allow.includes(principal)) return { status: 200 };
  if (principal === "anonymous") return { redirect: "/login" };
  if (principal === "admin-no-2fa") return { redirect: "/2fa/setup" };
  return { status: 403 };
}

async function observePage(request: APIRequestContext, path: string, cookie: string): Promise<PageOutcome> {
  const res = await request.get(path, { headers: cookie ? { cookie } : {}, maxRedirects: 0 });
  const location = res.headers().location;
  if (res.status() >= 300 && res.status() < 400 && location) return { redirect: new URL(location, "http://x").pathname };
  return { status: res.status() as 200 | 403 | 404 };
}

for (const [file, entry] of Object.entries(PAGES)) {
  test(`page ${entry.path} (${file})`, async ({ request }) => {
    for (const principal of PRINCIPALS) {
      const observed = await observePage(request, entry.path, cookies[principal] ?? "");
      expect(observed, `${entry.path} as ${principal}`).toEqual(expectedPage(entry.allow, principal, entry.expect?.[principal]));
    }
  });
}

for (const [file, methods] of Object.entries(ROUTES)) {
  for (const [method, call] of Object.entries(methods) as [Method, NonNullable<(typeof methods)[Method]>][]) {
    test(`route ${method} ${call.path} (${file})`, async ({ request, baseURL }) => {
      for (const principal of PRINCIPALS) {
        const headers: Record<string, string> = { origin: baseURL ?? "" };
        if (cookies[principal]) headers.cookie = cookies[principal] ?? "";
        if (call.body !== undefined) headers["content-type"] = "application/json";
        const res = await request.fetch(call.path, { method, headers, data: call.body === undefined ? undefined : JSON.stringify(call.body), maxRedirects: 0 });
        const label = `${method} ${call.path} as ${principal}`;
        if (call.allow.includes(principal)) {
          expect([401, 403], `${label} is allowed (got ${res.status()})`).not.toContain(res.status());
          continue;
        }
        if (principal === "anonymous" && !call.path.startsWith("/api/")) {
          // A download outside /api is a page to the proxy: no session cookie → the login page.
          expect([res.status(), new URL(res.headers().location ?? "/", "http://x").pathname], label).toEqual([307, "/login"]);
          continue;
        }
        const expected =
          principal === "anonymous" ? [401, "unauthenticated"] : principal === "admin-no-2fa" ? [403, "2fa_required"] : principal === "customer" ? [403, "customer_account"] : [403, "forbidden"];
        expect([res.status(), ((await res.json()) as { error: { code: string } }).error.code], label).toEqual(expected);
      }
    });
  }
}
