import { expect, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "otplib";

// The demo users and passwords README.md gives a new user.
export const DEMO = {
  admin: { username: "admin", password: "demo-admin-pass" },
  biller: { username: "biller", password: "demo-biller-pass" },
  dispatcher: { username: "dispatcher", password: "demo-dispatch-pass" },
  gate: { username: "gate", password: "demo-gate-pass" },
  // A dealer's portal account (signs in with its e-mail; sees Demo Traders' bills).
  customer: { username: "dealer@demo.example", password: "demo-customer-pass" },
} as const;
export type DemoUser = keyof typeof DEMO;

const PORT = process.env.E2E_PORT ?? "3100";

/*
 * Signed-in sessions of the demo users, saved once per run by the setup project
 * (tests/e2e/auth.setup.ts) as Playwright storage state. A test that is not about signing in
 * starts from one of these (`test.use({ storageState: storageStateOf("biller") })` or
 * `contextAs(browser, "admin")`) instead of signing in through the form again.
 */
export const AUTH_DIR = path.resolve(".data", `e2e-${PORT}-auth`);
export function storageStateOf(who: DemoUser): string {
  return path.join(AUTH_DIR, `${who}.json`);
}

/** A new browser context already signed in as `who` (the saved session). */
export function contextAs(browser: Browser, who: DemoUser, options: BrowserContextOptions = {}) {
  return browser.newContext({ ...options, storageState: storageStateOf(who) });
}

/** Opens `path` on a page whose context holds `who`'s saved session, and checks who is signed in. */
export async function openAs(page: Page, who: DemoUser, path = "/dashboard"): Promise<void> {
  await page.goto(path);
  await expect(page.getByTestId("current-user")).toContainText(DEMO[who].username);
}

/** The saved session of `who` as a Cookie header, for plain HTTP requests. */
export function cookieHeaderOf(who: DemoUser): string {
  const state = JSON.parse(readFileSync(storageStateOf(who), "utf8")) as { cookies: { name: string; value: string }[] };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/*
 * Second factors of the accounts the tests enrolled, per server origin, one file per account so
 * parallel workers never overwrite each other's entries. Kept in files so a worker restarted after
 * a failure still knows them; entries of earlier runs are harmless (every run starts on a fresh
 * database, whose admin is sent to enrolment and gets a new entry). A TOTP code is accepted once:
 * each login takes a step newer than the last one used (the server accepts one step ahead),
 * waiting for the clock when it must.
 */
interface Enrolled {
  secret: string;
  backupCodes: string[];
  lastStep: number;
}
const STORE = path.resolve(".data", `e2e-2fa-${PORT}`);
const STEP_MS = 30_000;

const keyOf = (page: Page, username: string) => `${new URL(page.url()).origin}|${username.toLowerCase()}`;
const fileOf = (key: string) => path.join(STORE, `${encodeURIComponent(key)}.json`);

function readEntry(key: string): Enrolled | undefined {
  try {
    return JSON.parse(readFileSync(fileOf(key), "utf8")) as Enrolled;
  } catch {
    return undefined;
  }
}
function writeEntry(key: string, entry: Enrolled): void {
  mkdirSync(STORE, { recursive: true });
  writeFileSync(fileOf(key), JSON.stringify(entry, null, 1));
}

export function enrolledSecret(page: Page, username: string): Enrolled | undefined {
  return readEntry(keyOf(page, username));
}

/** A TOTP code for a step nobody has used yet; `reuse` returns the last used one (replay tests). */
export async function totpCode(page: Page, username: string, options: { reuse?: boolean } = {}): Promise<string> {
  const key = keyOf(page, username);
  const entry = readEntry(key);
  if (!entry) throw new Error(`${username} has no 2FA enrolled by these tests`);
  if (options.reuse) return generate({ secret: entry.secret, epoch: entry.lastStep * 30 });
  for (;;) {
    const nowStep = Math.floor(Date.now() / STEP_MS);
    const step = Math.max(nowStep, entry.lastStep + 1);
    if (step <= nowStep + 1) {
      writeEntry(key, { ...entry, lastStep: step });
      return generate({ secret: entry.secret, epoch: step * 30 });
    }
    await new Promise((resolve) => setTimeout(resolve, (step - 1) * STEP_MS - Date.now() + 300));
  }
}

/** One unused backup code of an account the tests enrolled; marked used here. */
export function takeBackupCode(page: Page, username: string): string {
  const key = keyOf(page, username);
  const entry = readEntry(key);
  const code = entry?.backupCodes[0];
  if (!entry || !code) throw new Error(`no backup code left for ${username}`);
  writeEntry(key, { ...entry, backupCodes: entry.backupCodes.slice(1) });
  return code;
}

/** On /2fa/setup: start, read the manual key, confirm a code, keep the backup codes, continue. */
export async function enrolTotp(page: Page, username: string): Promise<{ secret: string; backupCodes: string[] }> {
  await expect(page).toHaveURL(/\/2fa\/setup/);
  await page.getByRole("button", { name: "Start setup" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const step = Math.floor(Date.now() / STEP_MS);
  const key = keyOf(page, username);
  writeEntry(key, { secret, backupCodes: [], lastStep: step });
  await page.getByLabel("Code from the app").fill(await generate({ secret, epoch: step * 30 }));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const codes = page.getByTestId("backup-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const backupCodes = (await codes.allTextContents()).map((c) => c.trim());
  writeEntry(key, { secret, backupCodes, lastStep: step });
  await page.getByRole("link", { name: /I have saved my backup codes/ }).click();
  await expect(page).not.toHaveURL(/\/2fa\/setup/);
  return { secret, backupCodes };
}

/** After "Sign in": answers /2fa with a fresh code, or enrols when an admin is sent to setup. */
export async function finishSignIn(page: Page, username: string): Promise<void> {
  await page.waitForURL((url) => url.pathname !== "/login");
  // Settle first: a page the user may not see yet redirects once more on arrival.
  await page.waitForLoadState("networkidle");
  const { pathname } = new URL(page.url());
  if (pathname === "/2fa") {
    await page.getByLabel("Authentication code").fill(await totpCode(page, username));
    await page.getByRole("button", { name: "Verify" }).click();
    await page.waitForURL((url) => url.pathname !== "/2fa");
  } else if (pathname === "/2fa/setup") {
    await enrolTotp(page, username);
  }
}

export async function signInAs(page: Page, username: string, password: string, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await finishSignIn(page, username);
  await expect(page.getByTestId("current-user")).toContainText(username);
}

export async function signIn(page: Page, who: keyof typeof DEMO, next?: string) {
  await signInAs(page, DEMO[who].username, DEMO[who].password, next);
}

export interface NewUser {
  username: string;
  role: "admin" | "biller" | "dispatcher" | "gate";
  email?: string;
}

/** As a signed-in admin: creates a user on /admin/users and returns the one-time temporary password. */
export async function createUser(admin: Page, user: NewUser): Promise<string> {
  await admin.goto("/admin/users");
  await admin.getByText("Create a user").click();
  await admin.getByLabel("New username").fill(user.username);
  if (user.email) await admin.getByLabel("Email (for reset links)").fill(user.email);
  await admin.getByLabel("Role").selectOption(user.role);
  await admin.getByLabel("Dispatch area").selectOption(user.role === "dispatcher" ? "lucknow" : "");
  await admin.getByRole("button", { name: "Create user" }).click();
  const password = admin.getByTestId("new-user-password");
  await expect(password).toBeVisible();
  return ((await password.textContent()) ?? "").trim();
}

/** First sign-in with a temporary password: the app holds the user at the password form until changed. */
export async function signInFirstTime(page: Page, username: string, temporary: string, chosen: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(temporary);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile\/password/);
  await page.getByLabel("Current password").fill(temporary);
  await page.getByLabel("New password", { exact: true }).fill(chosen);
  await page.getByLabel("New password again").fill(chosen);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).not.toHaveURL(/\/profile\/password/);
}

/** A unique name per run, so a spec can be re-run against the same server. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 100)}`;
}

/**
 * Types `label` into the focused scan input the way a wedge scanner does — every key in one burst,
 * sent from inside the page — then presses Enter. Typed key by key through the DevTools protocol
 * on a busy 2-core machine, a pause of 100+ ms can fall inside a label, and the station's
 * pause-submit (components/station/scan-keys.ts) then rightly sends the half typed so far.
 * Fails when no text input has the focus (the stations keep it there for the scanner).
 */
export async function scanByKeyboard(page: Page, label: string): Promise<void> {
  await page.evaluate((code) => {
    const el = document.activeElement;
    if (!(el instanceof HTMLInputElement)) throw new Error(`the focus is on ${el?.tagName ?? "nothing"}, not a scan input`);
    for (const key of code) {
      el.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
      el.value += key;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new KeyboardEvent("keyup", { key, bubbles: true }));
    }
  }, label);
  await page.keyboard.press("Enter");
}
