import { expect, type Page } from "@playwright/test";

// The demo users and passwords README.md gives a new user.
export const DEMO = {
  admin: { username: "admin", password: "demo-admin-pass" },
  biller: { username: "biller", password: "demo-biller-pass" },
  dispatcher: { username: "dispatcher", password: "demo-dispatch-pass" },
} as const;

export async function signIn(page: Page, who: keyof typeof DEMO, next?: string) {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : "/login");
  await page.getByLabel("Username").fill(DEMO[who].username);
  await page.getByLabel("Password").fill(DEMO[who].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("current-user")).toContainText(DEMO[who].username);
}
