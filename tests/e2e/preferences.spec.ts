import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, signIn, signInAs, uniqueName } from "./helpers";

// Issue 19: the language and theme menus. A choice applies at once, is rendered by the server from
// the first byte (no flash of the wrong theme), follows the account to another browser, and never
// reaches another person's session. Each test makes its own users.

test.setTimeout(90_000);

const PASSWORD = "pref-floor-pass-2026";

/** What the server itself renders as <html lang data-theme> for `path`, in this page's session. */
async function servedHtml(page: Page, path: string): Promise<{ lang: string; theme: string }> {
  const html = await (await page.request.get(path)).text();
  const tag = /<html\b[^>]*>/.exec(html)?.[0] ?? "";
  return { lang: /\blang="([^"]*)"/.exec(tag)?.[1] ?? "", theme: /\bdata-theme="([^"]*)"/.exec(tag)?.[1] ?? "" };
}

/**
 * A new account of its own (self-registration is open in the suite), signed in in a browser
 * context of its own. No admin form in between: nothing here waits on another spec's admin.
 */
async function newSignedInUser(browser: Browser, prefix: string): Promise<{ page: Page; username: string }> {
  const username = uniqueName(prefix);
  const page = await (await browser.newContext()).newPage();
  await page.goto("/register");
  const form = page.getByTestId("register-form");
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Email").fill(`${username}@floor.example`);
  await form.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await form.getByLabel("Password again").fill(PASSWORD);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("registered-notice")).toBeVisible({ timeout: 20_000 });
  await signInAs(page, username, PASSWORD);
  return { page, username };
}

test("Dark chosen in the header applies at once, is rendered by the server after a reload, and follows the account", async ({ browser }) => {
  const { page, username } = await newSignedInUser(browser, "theme");
  await page.goto("/dashboard");
  const html = page.locator("html");
  await expect(html).toHaveAttribute("data-theme", "system");

  await page.getByRole("banner").getByLabel("Theme").selectOption("dark");
  // At once, before any reload: the page's own attribute.
  await expect(html).toHaveAttribute("data-theme", "dark");
  // Remembered on the server: its HTML says dark before any script runs, so a reload cannot flash light.
  await expect.poll(async () => (await servedHtml(page, "/dashboard")).theme).toBe("dark");
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await expect(page.getByRole("banner").getByLabel("Theme")).toHaveValue("dark");

  // Another browser, nothing on its cookies: the account brings the theme with it.
  const elsewhere = await (await browser.newContext()).newPage();
  await signInAs(elsewhere, username, PASSWORD);
  await expect(elsewhere.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await servedHtml(elsewhere, "/profile")).toEqual({ lang: "en", theme: "dark" });
  // The profile shows the same choice in its own section.
  await elsewhere.goto("/profile");
  await expect(elsewhere.getByTestId("profile-preferences").getByLabel("Theme")).toHaveValue("dark");
  await expect(elsewhere.getByTestId("profile-preferences").getByLabel("Language")).toHaveValue("browser");
});

test("हिन्दी chosen on the sign-in page, signed out, shows the Hindi sign-in page, also after a reload", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.getByLabel("Language").selectOption("hi");
  await expect(page.locator("html")).toHaveAttribute("lang", "hi");
  await expect(page.getByRole("button", { name: "साइन इन करें" })).toBeVisible();

  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "hi");
  await expect(page.getByText("अपने स्टेशन पर साइन इन करें")).toBeVisible();
  await expect(page.getByLabel("यूज़रनेम या ईमेल")).toBeVisible();
  await expect(page.getByLabel("भाषा")).toHaveValue("hi");
  expect((await servedHtml(page, "/login")).lang).toBe("hi");
  // The other sign-in pages follow the same device choice.
  await page.goto("/forgot-password");
  await expect(page.getByRole("heading", { name: "पासवर्ड भूल गए?" })).toBeVisible();

  // A browser that never chose stays English.
  const other = await (await browser.newContext()).newPage();
  await other.goto("/login");
  await expect(other.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("one person's language and theme never reach another person's session", async ({ browser }) => {
  const { page } = await newSignedInUser(browser, "prefs");
  await page.goto("/dashboard");
  await page.getByRole("banner").getByLabel("Theme").selectOption("contrast");
  await page.getByRole("banner").getByLabel("Language").selectOption("hi");
  await expect(page.locator("html")).toHaveAttribute("lang", "hi");
  await expect(page.getByRole("navigation", { name: "मुख्य" }).getByRole("link", { name: "डैशबोर्ड" })).toBeVisible();
  await expect.poll(async () => servedHtml(page, "/dashboard")).toEqual({ lang: "hi", theme: "contrast" });

  // Someone else, signed in meanwhile in another browser, sees none of it.
  const other = await (await contextAs(browser, "dispatcher")).newPage();
  await other.goto("/dashboard");
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  await expect(other.locator("html")).toHaveAttribute("data-theme", "system");

  // Signing out on this browser leaves nothing behind for the next person at the same screen.
  await page.getByRole("button", { name: "साइन आउट" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  await signIn(page, "biller");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "system");
  expect(await servedHtml(page, "/dashboard")).toEqual({ lang: "en", theme: "system" });
});
