import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, createUser, enrolTotp, openAs, signInFirstTime, takeBackupCode, totpCode, uniqueName } from "./helpers";

// TOTP two-factor authentication: enrolment, sign-in with a code or a backup code, replay
// refused, turning it off, and the admin gate. Each test uses its own account, so per-account
// limits (5 code attempts a minute) never join up across tests.

test.setTimeout(120_000);
// Each test has an account of its own, so they may run on different workers at once.
test.describe.configure({ mode: "parallel" });
const PASSWORD = "two-factor-pass-1";

async function newAccount(browser: Browser, role: "biller" | "admin" | "dispatcher"): Promise<{ page: Page; username: string }> {
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  const username = uniqueName(`tfa-${role}`);
  const temporary = await createUser(admin, { username, role });
  await adminContext.close();
  const page = await (await browser.newContext()).newPage();
  await signInFirstTime(page, username, temporary, PASSWORD);
  return { page, username };
}

async function passwordStep(page: Page, username: string): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/2fa\?next=/);
  await expect(page.getByRole("heading", { name: "Two-factor authentication" })).toBeVisible();
}

async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("a user enrols from the profile with the manual key, gets 10 backup codes once, and signs in with a TOTP code that cannot be replayed", async ({ browser }) => {
  const { page, username } = await newAccount(browser, "biller");
  await page.goto("/profile");
  await expect(page.getByTestId("tfa-status")).toContainText("Off");
  await page.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await enrolTotp(page, username);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByTestId("tfa-status")).toContainText("Backup codes left: 10");

  // The password alone no longer signs in: no session until the second step.
  await passwordStep(page, username);
  expect((await page.request.get("/api/stats")).status()).toBe(401);
  const code = await totpCode(page, username);
  await enterCode(page, code);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("current-user")).toContainText(username);

  // The same code again, within its window: refused; a fresh one works.
  await passwordStep(page, username);
  await enterCode(page, await totpCode(page, username, { reuse: true }));
  await expect(page.getByRole("status")).toContainText("not valid or has already been used");
  await expect(page).toHaveURL(/\/2fa/);
  await enterCode(page, await totpCode(page, username));
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a backup code signs in once; the second use is refused", async ({ browser }) => {
  const { page, username } = await newAccount(browser, "dispatcher");
  await page.goto("/2fa/setup?next=%2Fprofile");
  await enrolTotp(page, username);
  const backup = takeBackupCode(page, username);

  await passwordStep(page, username);
  await enterCode(page, backup);
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/profile");
  await expect(page.getByTestId("tfa-status")).toContainText("Backup codes left: 9");

  await passwordStep(page, username);
  await enterCode(page, backup);
  await expect(page.getByRole("status")).toContainText("not valid or has already been used");
  await enterCode(page, await totpCode(page, username));
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("turning 2FA off needs the account password", async ({ browser }) => {
  const { page, username } = await newAccount(browser, "biller");
  await page.goto("/2fa/setup?next=%2Fprofile");
  await enrolTotp(page, username);
  await page.getByLabel("Your password").fill("not-my-password");
  await page.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  await expect(page.getByText("Wrong password.")).toBeVisible();
  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Turn off two-factor authentication" }).click();
  await expect(page.getByTestId("tfa-status")).toContainText("Off");
});

test("an admin without 2FA is sent to enrolment and refused by every admin page and API until enrolled", async ({ browser }) => {
  const { page, username } = await newAccount(browser, "admin");
  await expect(page).toHaveURL(/\/2fa\/setup/);
  await expect(page.getByText("Admins must use two-factor authentication")).toBeVisible();
  for (const path of ["/admin", "/admin/users", "/admin/audit", "/dashboard", "/scan"]) {
    const res = await page.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
    expect(res.headers().location, path).toMatch(/^\/2fa\/setup/);
  }
  const api = await page.request.get("/api/users");
  expect(api.status()).toBe(403);
  expect(await api.json()).toMatchObject({ error: { code: "2fa_required" } });

  await enrolTotp(page, username);
  await page.goto("/admin/users");
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  expect((await page.request.get("/api/users")).status()).toBe(200);
});
