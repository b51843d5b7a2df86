import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { istDay } from "../../lib/time";
import { contextAs, openAs, scanByKeyboard } from "./helpers";

// Labels of their own, so this file never collides with scan.spec.ts on the shared demo data.
const PARENT = "SB00077";
const CHILD = "3000001";

async function readCount(page: Page, testId: string): Promise<number> {
  const cell = page.getByTestId(testId);
  await expect(cell).toHaveText(/^[\d,]+$/);
  return Number((await cell.textContent())?.replace(/,/g, ""));
}

test("dashboard counters change after a scan made in another browser context, without a reload", async ({ browser }) => {
  const watcherContext = await contextAs(browser, "biller");
  const scannerContext = await contextAs(browser, "dispatcher");
  try {
    const watcher = await watcherContext.newPage();
    await openAs(watcher, "biller", "/dashboard");
    await expect(watcher.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    const parentsBefore = await readCount(watcher, "stat-parent-bags");
    const childrenBefore = await readCount(watcher, "stat-child-bags");
    const dayBefore = istDay(new Date());
    const scansBefore = await readCount(watcher, "stat-scans-today");
    // A reload would start a new document and lose this marker.
    await watcher.evaluate(() => document.documentElement.setAttribute("data-same-document", "yes"));

    const scanner = await scannerContext.newPage();
    await openAs(scanner, "dispatcher", "/scan");
    const input = scanner.getByLabel("Scan or type a bag label, then Enter");
    await expect(input).toBeFocused();
    for (const label of [PARENT, CHILD]) await scanByKeyboard(scanner, label);
    await expect(scanner.getByTestId("parent-counter")).toHaveText("1 / 30");

    // SWR polls every few seconds; the counters follow without navigation.
    await expect(watcher.getByTestId("stat-child-bags")).toHaveText((childrenBefore + 1).toLocaleString("en-IN"), { timeout: 15_000 });
    await expect(watcher.getByTestId("stat-parent-bags")).toHaveText((parentsBefore + 1).toLocaleString("en-IN"));
    // "Scans today" is per IST day: across IST midnight (18:30 UTC) the counter starts again
    // from the scans made after it, so the exact expectation holds only within one day.
    if (istDay(new Date()) === dayBefore) {
      await expect(watcher.getByTestId("stat-scans-today")).toHaveText((scansBefore + 2).toLocaleString("en-IN"));
    } else {
      expect(await readCount(watcher, "stat-scans-today")).toBeLessThanOrEqual(2);
    }
    await expect(watcher.getByTestId("recent-activity")).toContainText(CHILD);
    expect(await watcher.evaluate(() => document.documentElement.getAttribute("data-same-document"))).toBe("yes");
    await expect(watcher.getByRole("img", { name: /Scans per hour today/ })).toBeVisible();
  } finally {
    await watcherContext.close();
    await scannerContext.close();
  }
});

test("the dashboard fits a phone again after it turns from landscape to portrait, without a reload", async ({ browser }) => {
  const context = await contextAs(browser, "biller", { viewport: { width: 844, height: 390 }, hasTouch: true });
  const page = await context.newPage();
  await openAs(page, "biller", "/dashboard");
  const chart = page.getByRole("img", { name: /Scans per hour today/ });
  await expect(chart.locator("canvas")).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  // chart.js resizes on its ResizeObserver's next frame: poll instead of reading once.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await expect.poll(async () => (await chart.boundingBox())?.width ?? Infinity).toBeLessThanOrEqual(390);
  await expect(page.getByTestId("recent-activity").or(page.getByText("No scans yet."))).toBeVisible();
});
