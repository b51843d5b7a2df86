import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, createUser, openAs, signInFirstTime, uniqueName } from "./helpers";

// Password reset by mailed link (no SMTP here: the mail lands in the admin's outbox, its link
// masked) and by an admin's temporary password. Using a live link (once, within the hour, ending
// every session) is shown by tests/db/password-reset.test.ts, which reads the mail as sent.

test.setTimeout(120_000);
// Each test has users of its own, so they may run on different workers at once.
test.describe.configure({ mode: "parallel" });

async function askForReset(page: Page, identifier: string): Promise<string> {
  await page.goto("/forgot-password");
  await page.getByLabel("Email or username").fill(identifier);
  await page.getByRole("button", { name: "Send reset link" }).click();
  const answer = page.getByRole("status");
  await expect(answer).toContainText("If that matches an account");
  return (await answer.textContent()) ?? "";
}

async function outboxMailTo(admin: Page, email: string): Promise<string> {
  await admin.goto("/admin/outbox");
  const mail = admin.getByTestId("outbox").getByRole("listitem").filter({ hasText: `to ${email}` }).first();
  await mail.getByText("Reset your TraceTrack password").click();
  return (await mail.locator("pre").textContent()) ?? "";
}

test("forgot-password answers alike for a known and an unknown address; the outbox shows who asked but never a live link", async ({ browser }) => {
  const username = uniqueName("reset-user");
  const email = `${username}@example.com`;
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  const temporary = await createUser(admin, { username, role: "biller", email });

  const anonymous = await (await browser.newContext()).newPage();
  const unknown = await askForReset(anonymous, `nobody-${Date.now()}@example.com`);
  const known = await askForReset(anonymous, email.toUpperCase());
  expect(known).toBe(unknown);

  // Every admin can read the outbox: the link in it is masked, so none of them can use it.
  const body = await outboxMailTo(admin, email);
  expect(body).toMatch(/^https?:\/\/\S+\/reset-password\/••••…[A-Za-z0-9_-]{4}$/m);
  expect(body).not.toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/);

  // A made-up link is refused as soon as it is opened (no form to fill), and the account keeps its password.
  await anonymous.goto(`/reset-password/${"x".repeat(43)}`);
  // By text: Next's route announcer is a second role=alert on every page.
  await expect(anonymous.getByText("This reset link is not valid")).toBeVisible();
  await expect(anonymous.getByLabel("New password", { exact: true })).toHaveCount(0);
  await expect(anonymous.getByRole("link", { name: "Ask for a new link" })).toHaveAttribute("href", "/forgot-password");
  await signInFirstTime(anonymous, username, temporary, "own-choice-pass-1");
  await anonymous.goto("/dashboard");
  await expect(anonymous.getByTestId("current-user")).toContainText(username);
  await adminContext.close();
});

test("an admin sets a temporary password: shown once, old sessions end, and it must be changed at the next sign-in", async ({ browser }) => {
  const username = uniqueName("temp-user");
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  const first = await createUser(admin, { username, role: "dispatcher" });
  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  await signInFirstTime(user, username, first, "own-password-1");

  await admin.goto("/admin/users");
  const row = admin.getByTestId(`user-row-${username}`);
  await row.getByRole("button", { name: `Set temporary password for ${username}` }).click();
  await row.getByRole("button", { name: "Yes, set temporary password" }).click();
  const temporary = ((await row.getByTestId("temporary-password").textContent()) ?? "").trim();
  expect(temporary).toMatch(/^[A-Za-z0-9]{16}$/);

  await user.goto("/scan");
  await expect(user).toHaveURL(/\/login/);
  await signInFirstTime(user, username, temporary, "own-password-2");
  await expect(user.getByTestId("current-user")).toContainText(username);
  await adminContext.close();
});
