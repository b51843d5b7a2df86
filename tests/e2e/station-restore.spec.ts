import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, DEMO, finishSignIn, openAs, signIn, scanByKeyboard } from "./helpers";

// Its own parent, children (SB75001, 75000xx) and bill, so this spec depends on no other.
const PARENT = "SB75001";
const BILL = `RST-${Date.now().toString(36).toUpperCase()}`;
const CHILDREN = ["7500001", "7500002", "7500003"];
const SCAN_LABEL = "Scan or type a bag label, then Enter";
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** What a keyboard-wedge scanner does: type the label, press Enter. */
async function wedge(page: Page, label: string) {
  await scanByKeyboard(page, label);
}

/** This spec's bill, made through the API by a biller's page if an earlier test has not. */
async function openOwnBill(page: Page) {
  const made = await page.request.post("/api/bills", { data: { billNumber: BILL, capacity: 2 } });
  expect([201, 409], await made.text()).toContain(made.status());
  await page.goto(`/bills/${BILL}`);
  await expect(page.getByTestId("bill-number")).toHaveText(BILL);
}

/**
 * What the browser meets when the absolute lifetime ends: its cookie names a session the server
 * no longer has. The cookie is overwritten, not dropped (without one the proxy would answer the
 * expiry check itself), and the expiry watcher is woken as when the tab is shown again.
 */
async function endSessionLikeTheHourlyLimit(context: BrowserContext, page: Page) {
  const session = (await context.cookies()).find((c) => c.name.endsWith("authjs.session-token"));
  if (!session) throw new Error("no session cookie to end");
  await context.addCookies([{ ...session, value: "ended-at-the-absolute-lifetime" }]);
  await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
  await expect(page).toHaveURL(/\/login\?expired=1&next=%2Fscan$/);
  await expect(page.getByText("Your session ended. Please sign in again.")).toBeVisible();
}

test("signing in again after the hourly sign-out resumes the station: the same parent and its last-10 list", async ({ browser }) => {
  // A session of its own (signed in through the form), so ending it touches no saved one.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, "dispatcher", "/scan");
  await expect(page).toHaveURL(/\/scan$/);
  const input = page.getByLabel(SCAN_LABEL);
  const counter = page.getByTestId("parent-counter");
  const history = page.getByTestId("scan-history").getByRole("listitem");
  await expect(input).toBeFocused();

  await wedge(page, PARENT);
  await expect(page.getByTestId("parent-qr")).toHaveText(PARENT);
  for (const [i, child] of CHILDREN.entries()) {
    await wedge(page, child);
    await expect(counter).toHaveText(`${i + 1} / 30`);
  }
  await expect(history).toHaveCount(4);
  const before = await history.allTextContents();

  await endSessionLikeTheHourlyLimit(context, page);
  await page.getByLabel("Username").fill(DEMO.dispatcher.username);
  await page.getByLabel("Password").fill(DEMO.dispatcher.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await finishSignIn(page, DEMO.dispatcher.username);

  // Back at the station, not the dashboard: the parent (re-checked by the server) and the list.
  await expect(page).toHaveURL(/\/scan$/);
  await expect(page.getByTestId("parent-qr")).toHaveText(PARENT);
  await expect(counter).toHaveText("3 / 30");
  await expect(page.getByTestId("scan-feedback")).toContainText(`Resumed ${PARENT} ready — 3/30`);
  await expect(history).toHaveCount(4);
  expect(await history.allTextContents()).toEqual(before);
  for (const [i, qr] of [...CHILDREN].reverse().entries()) await expect(history.nth(i)).toContainText(qr);
  await expect(history.nth(3)).toContainText(PARENT);

  // The station goes on where it stopped.
  await expect(input).toBeFocused();
  await wedge(page, "7500004");
  await expect(counter).toHaveText("4 / 30");
  await expect(history).toHaveCount(5);
  await expect(history.first()).toContainText("7500004");

  // Signing out on purpose (a shared floor PC changing hands) leaves nothing for the next sign-in.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await signIn(page, "dispatcher", "/scan");
  await expect(page).toHaveURL(/\/scan$/);
  await expect(page.getByText("Nothing scanned yet at this station.")).toBeVisible();
  await expect(page.getByTestId("parent-qr")).toHaveCount(0);
  await context.close();
});

test("the header marks where you are: Scan on the station, Bills on a bill's page", async ({ browser }) => {
  const context = await contextAs(browser, "dispatcher");
  const page = await context.newPage();
  await openAs(page, "dispatcher", "/scan");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Scan", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator("[aria-current]")).toHaveCount(1);
  // Seen, not only announced: the current link is drawn unlike the others.
  const background = (name: string) => nav.getByRole("link", { name, exact: true }).evaluate((a) => getComputedStyle(a).backgroundColor);
  expect(await background("Scan")).not.toBe(await background("Bags"));

  const billerContext = await contextAs(browser, "biller");
  const biller = await billerContext.newPage();
  await openAs(biller, "biller");
  await openOwnBill(biller);
  const billerNav = biller.getByRole("navigation", { name: "Main" });
  await expect(billerNav.getByRole("link", { name: "Bills", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(billerNav.locator("[aria-current]")).toHaveCount(1);
});

test("on a phone the header is one slim row: the scan input sits near the top, and the menu opens by keyboard", async ({ browser }) => {
  const context = await contextAs(browser, "dispatcher", PHONE);
  const page = await context.newPage();
  await openAs(page, "dispatcher", "/scan");
  const input = page.getByLabel(SCAN_LABEL);
  await expect(input).toBeFocused();
  expect((await input.boundingBox())?.y ?? Infinity).toBeLessThanOrEqual(80);
  expect((await page.locator("header").boundingBox())?.height ?? Infinity).toBeLessThanOrEqual(48);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

  // The navigation is folded away; Shift+Tab from the scan input reaches the menu button.
  const menu = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  await page.keyboard.press("Shift+Tab");
  await expect(menu).toBeFocused();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await expect(nav.getByRole("link", { name: "Scan", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByLabel("Find bag")).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Dashboard", exact: true })).toBeFocused();

  // Escape folds it back and returns to the button; opened again, Enter on a link goes there.
  await page.keyboard.press("Escape");
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(nav.getByRole("link", { name: "Bags", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/bags$/);
  // Arriving folds the menu away; the new section is the marked one.
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator('nav[aria-label="Main"] a[aria-current="page"]')).toHaveText("Bags");

  // A bill's station page gets the same slim header.
  const billerContext = await contextAs(browser, "biller", PHONE);
  const biller = await billerContext.newPage();
  await openAs(biller, "biller");
  await openOwnBill(biller);
  expect((await biller.locator("header").boundingBox())?.height ?? Infinity).toBeLessThanOrEqual(48);
  await expect(biller.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(biller.getByRole("button", { name: "Menu" })).toBeVisible();
});

test("a bill's station keeps its last-10 list across a reload", async ({ browser }) => {
  const context = await contextAs(browser, "biller");
  const page = await context.newPage();
  await openAs(page, "biller");
  await openOwnBill(page);
  await page.getByLabel("Scan or type a parent bag label, then Enter").focus();
  // A child label is refused on the spot: nothing reaches the server or the bill.
  await wedge(page, "7500099");
  const history = page.getByTestId("scan-history").getByRole("listitem");
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText("7500099 is a child label");
  await page.reload();
  await expect(history).toHaveCount(1);
  await expect(history.first()).toContainText("7500099 is a child label");
});
