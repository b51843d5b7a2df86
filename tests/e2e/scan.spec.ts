import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, openAs, storageStateOf } from "./helpers";

// The dispatcher's parent SB00002 starts empty (demo seed); children 2000001… are new labels.
const CHILDREN = Array.from({ length: 30 }, (_, i) => String(2000001 + i));
const SCAN_LABEL = "Scan or type a bag label, then Enter";

/** Screenshots show the settled page, not a colour flash half-way through. */
async function settledScreenshot(page: Page, path: string) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await page.screenshot({ path, fullPage: true });
}

/** What a keyboard-wedge scanner does: type the label, press Enter. */
async function wedge(page: Page, label: string) {
  await page.keyboard.type(label);
  await page.keyboard.press("Enter");
}

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateOf("dispatcher") });

test("dispatcher packs a parent to 30/30 by keyboard only, with refusals, completion and one-key undo", async ({ page }) => {
  // 31 scans, a reload and two full-page screenshots: longer than the default 30 s when the
  // second worker keeps both cores busy.
  test.setTimeout(60_000);
  await openAs(page, "dispatcher", "/scan");
  const input = page.getByLabel(SCAN_LABEL);
  const feedback = page.getByTestId("scan-feedback");
  const counter = page.getByTestId("parent-counter");
  await expect(input).toBeFocused();

  await wedge(page, "SB00002");
  await expect(feedback).toHaveAttribute("data-state", "ok");
  await expect(page.getByTestId("parent-qr")).toHaveText("SB00002");
  await expect(counter).toHaveText("0 / 30");
  await expect(input).toBeFocused();

  await wedge(page, CHILDREN[0] ?? "");
  await expect(counter).toHaveText("1 / 30");
  await expect(feedback).toHaveAttribute("data-state", "ok");

  // Re-scanning a child already on this parent is harmless.
  await wedge(page, CHILDREN[0] ?? "");
  await expect(feedback).toHaveAttribute("data-state", "duplicate");
  await expect(feedback).toContainText(`${CHILDREN[0]} is already in SB00002`);
  await expect(counter).toHaveText("1 / 30");

  // An unreadable label is refused on the spot.
  await wedge(page, "HELLO!");
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText("not a bag label");

  // A child packed in another parent is refused, naming that parent.
  await wedge(page, "1000004");
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText("M444-00001");
  await expect(counter).toHaveText("1 / 30");
  await expect(input).toBeFocused();

  // Scans typed while earlier ones are still in flight are queued, none lost.
  for (const qr of CHILDREN.slice(1, 12)) await wedge(page, qr);
  await expect(counter).toHaveText("12 / 30");
  await expect(page.getByTestId("scan-history").getByRole("listitem")).toHaveCount(10);
  await expect(page.getByTestId("scan-history").getByRole("listitem").first()).toContainText(CHILDREN[11] ?? "");
  await settledScreenshot(page, "test-results/scan-desktop-packing.png");

  for (const qr of CHILDREN.slice(12)) await wedge(page, qr);
  await expect(counter).toHaveText("30 / 30");
  await expect(feedback).toHaveAttribute("data-state", "complete");
  await expect(feedback).toContainText("Parent SB00002 complete");
  await expect(page.getByTestId("current-parent")).toHaveAttribute("data-complete", "true");
  await settledScreenshot(page, "test-results/scan-desktop-complete.png");

  // F2 undoes the last link: the parent reopens.
  await page.keyboard.press("F2");
  await expect(counter).toHaveText("29 / 30");
  await expect(feedback).toHaveAttribute("data-state", "undone");
  await expect(feedback).toContainText(CHILDREN[29] ?? "");
  await expect(page.getByTestId("current-parent")).not.toHaveAttribute("data-complete", /.*/);
  await expect(input).toBeFocused();

  // The current parent survives a reload, re-checked by the server.
  await page.reload();
  await expect(page.getByTestId("parent-qr")).toHaveText("SB00002");
  await expect(counter).toHaveText("29 / 30");
  await expect(page.getByLabel(SCAN_LABEL)).toBeFocused();

  // A click anywhere on the page gives the focus back to the scan input.
  await page.getByRole("heading", { name: "Scan station" }).click();
  await expect(page.getByLabel(SCAN_LABEL)).toBeFocused();
});

test("the bag pages show the packed parent, its children and scan history", async ({ page }) => {
  await openAs(page, "dispatcher");
  await page.goto("/bags/sb00002");
  await expect(page.getByTestId("bag-qr")).toHaveText("SB00002");
  await expect(page.getByText("29 / 30")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Children (29)" })).toBeVisible();
  await expect(page.getByTestId("bag-scan-history")).toContainText("Undone");
  await settledScreenshot(page, "test-results/bag-detail-desktop.png");

  await page.goto("/bags");
  const table = page.getByTestId("bag-table");
  await expect(table.getByRole("row")).toHaveCount(51); // header + a full page of 50
  await settledScreenshot(page, "test-results/bag-list-desktop.png");
  const firstPage = await table.getByRole("link").first().textContent();
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(page.getByRole("link", { name: "First page" })).toBeVisible();
  await expect(table.getByRole("link", { name: firstPage ?? "", exact: true })).toHaveCount(0);

  await page.goto("/bags?type=parent");
  await expect(table.getByRole("link", { name: "SB00002", exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: "1000001", exact: true })).toHaveCount(0);
});

test("a dispatcher cannot open a bag of another area, by page or by API", async ({ browser }) => {
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  await admin.goto("/scan");
  await wedge(admin, "SB09999");
  await expect(admin.getByTestId("parent-qr")).toHaveText("SB09999");
  await expect((await admin.request.get("/api/bag/SB09999")).status()).toBe(200);
  await adminContext.close();

  const context = await contextAs(browser, "dispatcher");
  const page = await context.newPage();
  await openAs(page, "dispatcher");
  const res = await page.goto("/bags/SB09999");
  expect(res?.status()).toBe(404);
  const api = await page.request.get("/api/bag/SB09999");
  expect(api.status()).toBe(404);
  expect(await api.json()).toMatchObject({ error: { code: expect.any(String) } });

  // The lookup neither opens it nor lists it as a close match.
  await page.goto("/dashboard");
  await page.getByLabel("Find bag").fill("sb0");
  await page.getByLabel("Find bag").press("Enter");
  await expect(page).toHaveURL(/\/lookup\?q=sb0/);
  await expect(page.getByText("No bag “SB0” found")).toBeVisible();
  const matches = page.getByTestId("lookup-matches");
  await expect(matches).toContainText("SB00001");
  await expect(matches).not.toContainText("SB09999");
  await settledScreenshot(page, "test-results/lookup-not-found.png");

  // An exact QR, in any case, opens the bag.
  await page.getByLabel("Find bag").fill("sb00001");
  await page.getByLabel("Find bag").press("Enter");
  await expect(page).toHaveURL(/\/bags\/SB00001$/);
  await context.close();
});

test("the scan station works on a phone-sized screen", async ({ browser }) => {
  const context = await contextAs(browser, "dispatcher", { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await openAs(page, "dispatcher", "/scan");
  await page.getByLabel(SCAN_LABEL).focus();
  await wedge(page, "SB00001");
  await expect(page.getByTestId("parent-counter")).toHaveText("3 / 30");
  await wedge(page, "1000004");
  await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "error");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  for (const name of [/Undo last child/, /Use camera/, /^Enter$/]) {
    const box = await page.getByRole("button", { name }).boundingBox();
    expect(box?.height ?? 0, String(name)).toBeGreaterThanOrEqual(44);
  }
  await settledScreenshot(page, "test-results/scan-phone.png");
  await page.goto("/bags");
  await settledScreenshot(page, "test-results/bag-list-phone.png");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await context.close();
});

test("the scan station fits a 10-inch tablet in portrait", async ({ browser }) => {
  const context = await contextAs(browser, "admin", { viewport: { width: 800, height: 1280 }, hasTouch: true });
  const page = await context.newPage();
  await openAs(page, "admin", "/scan");
  await wedge(page, "SB00002");
  await expect(page.getByTestId("parent-counter")).toHaveText("29 / 30");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await settledScreenshot(page, "test-results/scan-tablet.png");
  await context.close();
});
