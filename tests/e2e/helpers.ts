import { expect, type Page } from "@playwright/test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generate } from "otplib";

// The demo users and passwords README.md gives a new user.
export const DEMO = {
  admin: { username: "admin", password: "demo-admin-pass" },
  biller: { username: "biller", password: "demo-biller-pass" },
  dispatcher: { username: "dispatcher", password: "demo-dispatch-pass" },
} as const;

/*
 * Second factors of the accounts the tests enrolled, per server origin. Kept in a file so a
 * worker restarted after a failure still knows them; entries of earlier runs are harmless (every
 * run starts on a fresh database, whose admin is sent to enrolment and gets a new entry). A TOTP
 * code is accepted once: each login takes a step newer than the last one used (the server
 * accepts one step ahead), waiting for the clock when it must.
 */
interface Enrolled {
  secret: string;
  backupCodes: string[];
  lastStep: number;
}
const STORE = path.resolve(".data", `e2e-2fa-${process.env.E2E_PORT ?? "3100"}.json`);
const STEP_MS = 30_000;

function readStore(): Record<string, Enrolled> {
  try {
    return JSON.parse(readFileSync(STORE, "utf8")) as Record<string, Enrolled>;
  } catch {
    return {};
  }
}
function writeStore(store: Record<string, Enrolled>): void {
  mkdirSync(path.dirname(STORE), { recursive: true });
  writeFileSync(STORE, JSON.stringify(store, null, 1));
}
const keyOf = (page: Page, username: string) => `${new URL(page.url()).origin}|${username.toLowerCase()}`;

export function enrolledSecret(page: Page, username: string): Enrolled | undefined {
  return readStore()[keyOf(page, username)];
}

/** A TOTP code for a step nobody has used yet; `reuse` returns the last used one (replay tests). */
export async function totpCode(page: Page, username: string, options: { reuse?: boolean } = {}): Promise<string> {
  const key = keyOf(page, username);
  const entry = readStore()[key];
  if (!entry) throw new Error(`${username} has no 2FA enrolled by these tests`);
  if (options.reuse) return generate({ secret: entry.secret, epoch: entry.lastStep * 30 });
  for (;;) {
    const nowStep = Math.floor(Date.now() / STEP_MS);
    const step = Math.max(nowStep, entry.lastStep + 1);
    if (step <= nowStep + 1) {
      writeStore({ ...readStore(), [key]: { ...entry, lastStep: step } });
      return generate({ secret: entry.secret, epoch: step * 30 });
    }
    await new Promise((resolve) => setTimeout(resolve, (step - 1) * STEP_MS - Date.now() + 300));
  }
}

/** One unused backup code of an account the tests enrolled; marked used here. */
export function takeBackupCode(page: Page, username: string): string {
  const key = keyOf(page, username);
  const entry = readStore()[key];
  const code = entry?.backupCodes[0];
  if (!entry || !code) throw new Error(`no backup code left for ${username}`);
  writeStore({ ...readStore(), [key]: { ...entry, backupCodes: entry.backupCodes.slice(1) } });
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
  writeStore({ ...readStore(), [keyOf(page, username)]: { secret, backupCodes: [], lastStep: step } });
  await page.getByLabel("Code from the app").fill(await generate({ secret, epoch: step * 30 }));
  await page.getByRole("button", { name: "Turn on two-factor authentication" }).click();
  const codes = page.getByTestId("backup-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const backupCodes = (await codes.allTextContents()).map((c) => c.trim());
  writeStore({ ...readStore(), [keyOf(page, username)]: { secret, backupCodes, lastStep: step } });
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
  role: "admin" | "biller" | "dispatcher";
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
