import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { readFileSync } from "node:fs";
import { contextAs, openAs, storageStateOf, scanByKeyboard } from "./helpers";

// This spec packs its own parents (SB71xxx, M444-71xxx, children 71000xx) so it depends on no
// other spec; M444-00001 on DEMO-001 comes from the demo seed.
const BILL = `E2E-${Date.now().toString(36).toUpperCase()}`;
const SCAN_LABEL = "Scan or type a parent bag label, then Enter";
const PARENTS = [
  { qr: "SB71001", children: ["7100001", "7100002"] },
  { qr: "M444-71001", children: ["7100003", "7100004", "7100005"] },
  { qr: "SB71002", children: [] },
  { qr: "SB71003", children: ["7100006"] },
] as const;

async function wedge(page: Page, label: string) {
  await scanByKeyboard(page, label);
}

async function settledScreenshot(page: Page, path: string) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await page.screenshot({ path, fullPage: true });
}

async function noSideScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/**
 * Submits a form whose answer is an error under a field, and waits until React has applied it
 * (the same message after each of several bad submissions would otherwise let the test run
 * ahead, and the form reset of a late answer overwrite what it types next).
 */
async function submitRefused(page: Page, button: Locator) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST" && Boolean(r.request().headers()["next-action"])), button.click()]);
  await expect(button).toBeEnabled();
}

/** Packs the parents through the JSON scan API with the signed-in page's cookies (the biller's station: Lucknow). */
async function packParents(page: Page) {
  for (const p of PARENTS) {
    const parent = await page.request.post("/api/scan/parent", { data: { qr: p.qr, area: "lucknow" } });
    expect(parent.status(), p.qr).toBe(200);
    for (const qr of p.children) {
      const child = await page.request.post("/api/scan/child", { data: { parentQr: p.qr, qr } });
      expect(child.status(), qr).toBe(200);
    }
  }
}

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateOf("biller") });

test("a biller creates a bill by the form, with field errors for bad input and nothing created", async ({ page }) => {
  await openAs(page, "biller");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bills" }).click();
  await expect(page.getByRole("heading", { name: "Bills", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "New bill" }).click();
  await expect(page).toHaveURL(/\/bills\/new$/);

  const number = page.getByLabel("Bill number");
  const capacity = page.getByLabel("Parent bags expected (capacity)");
  const create = page.getByRole("button", { name: "Create bill" });
  const capacityError = page.locator("#field-capacity-error");

  for (const bad of ["0", "501", "abc"]) {
    await number.fill(BILL);
    await capacity.fill(bad);
    await submitRefused(page, create);
    await expect(capacityError).toHaveText("Capacity must be a whole number from 1 to 500.");
    await expect(capacity).toHaveAttribute("aria-invalid", "true");
    await expect(capacity).toHaveAttribute("aria-describedby", /field-capacity-error/);
    // The form keeps what was typed.
    await expect(capacity).toHaveValue(bad);
  }
  await number.fill("X".repeat(10_000));
  await capacity.fill("3");
  await submitRefused(page, create);
  await expect(page.locator("#field-billNumber-error")).toHaveText("Bill number must be at most 50 characters.");
  await expect(number).toHaveAttribute("aria-describedby", /field-billNumber-error/);
  await expect(capacityError).toHaveCount(0);
  await expect(page).toHaveURL(/\/bills\/new$/);
  await settledScreenshot(page, "test-results/bill-new-errors.png");
  expect((await page.request.get(`/api/bills/${BILL}`)).status()).toBe(404);
  expect((await page.request.get("/api/bills?q=XXX")).ok()).toBe(true);
  expect((await (await page.request.get("/api/bills?q=XXX")).json()).bills).toEqual([]);

  await number.fill(BILL.toLowerCase());
  await capacity.fill("3");
  await page.getByLabel("Customer / destination (optional)").fill("=SUM(1+1), Lucknow");
  await page.getByLabel("Vehicle number (optional)").fill("UP32 ZZ 7001");
  await create.click();
  await expect(page).toHaveURL(new RegExp(`/bills/${BILL.toLowerCase()}$`));
  await expect(page.getByTestId("bill-number")).toHaveText(BILL.toLowerCase());
  await expect(page.getByTestId("bill-counter")).toHaveText("0 / 3");

  // The same number in another case is a duplicate.
  await page.goto("/bills/new");
  await page.getByLabel("Bill number").fill(BILL);
  await page.getByLabel("Parent bags expected (capacity)").fill("2");
  await page.getByRole("button", { name: "Create bill" }).click();
  await expect(page.locator("#field-billNumber-error")).toContainText("already exists");
});

test("the bill page scans parents by keyboard only, refuses the wrong ones, completes and reopens", async ({ page }) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    // The app has no favicon yet; the browser's request for it is not the page's fault.
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) pageErrors.push(`${m.text()} ${m.location().url}`);
  });
  await openAs(page, "biller");
  await packParents(page);
  await page.goto(`/bills/${BILL}`);
  const input = page.getByLabel(SCAN_LABEL);
  const feedback = page.getByTestId("scan-feedback");
  const counter = page.getByTestId("bill-counter");
  await expect(input).toBeFocused();
  await expect(page.getByTestId("bill-needed")).toHaveText("3 more needed");
  await expect(page.getByRole("button", { name: "Complete bill" })).toBeDisabled();

  await wedge(page, PARENTS[0].qr.toLowerCase());
  await expect(feedback).toHaveAttribute("data-state", "ok");
  await expect(feedback).toContainText(`${PARENTS[0].qr} added (2/30 children, partial)`);
  await expect(counter).toHaveText("1 / 3");

  // Twice: a harmless duplicate, with its own colour and sound.
  await wedge(page, PARENTS[0].qr);
  await expect(feedback).toHaveAttribute("data-state", "duplicate");
  await expect(feedback).toContainText("already on this bill");
  await expect(counter).toHaveText("1 / 3");

  // On another bill: refused by the server, naming that bill.
  await wedge(page, "M444-00001");
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText("DEMO-001");

  // A child label never reaches the server.
  await wedge(page, PARENTS[0].children[0]);
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText(`${PARENTS[0].children[0]} is a child label`);
  await expect(counter).toHaveText("1 / 3");
  await expect(input).toBeFocused();

  await wedge(page, PARENTS[1].qr);
  await expect(counter).toHaveText("2 / 3");
  await expect(page.getByTestId("bill-needed")).toHaveText("1 more needed");
  await expect(page.getByTestId("bill-actual-kg")).toHaveText("5 kg");
  await expect(page.getByTestId("bill-expected-kg")).toHaveText("45 kg");
  await expect(page.getByTestId("bill-variance-kg")).toHaveText("−40 kg");
  await settledScreenshot(page, "test-results/bill-desktop-scanning.png");

  await wedge(page, PARENTS[2].qr);
  await expect(counter).toHaveText("3 / 3");
  await expect(feedback).toHaveAttribute("data-state", "complete");
  await expect(page.getByTestId("bill-expected-kg")).toHaveText("75 kg");
  await expect(page.getByTestId("bill-variance-kg")).toHaveText("−70 kg");
  const rows = page.getByTestId("bill-parents").getByRole("row");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText(PARENTS[2].qr);
  await expect(rows.filter({ hasText: PARENTS[0].qr })).toContainText("Partial");
  await expect(page.getByTestId("scan-history").getByRole("listitem")).toHaveCount(6);

  // Full: a fourth parent is refused, and Complete is enabled.
  await wedge(page, PARENTS[3].qr);
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText("is full (3/3");
  await page.getByRole("button", { name: "Complete bill" }).click();
  await expect(page.getByTestId("bill-locked")).toBeVisible();
  await expect(page.getByTestId("bill-status")).toHaveText("Completed");
  await expect(feedback).toHaveAttribute("data-state", "complete");
  await expect(page.getByRole("button", { name: `Remove ${PARENTS[0].qr}` })).toBeDisabled();

  // Locked: no scan input but a panel to reopen; a scanner's keys change nothing (the server's
  // own refusal, 409 bill_completed, is tested in tests/db).
  await expect(input).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Bill completed — reopen to add bags" })).toBeVisible();
  // No input has the focus now: the keys go to the page, as a scanner's would.
  await page.keyboard.type(PARENTS[3].qr);
  await page.keyboard.press("Enter");
  await expect(feedback).toHaveAttribute("data-state", "complete");
  await expect(counter).toHaveText("3 / 3");
  await page.reload();
  await expect(page.getByTestId("bill-locked")).toBeVisible();
  await expect(page.getByText("This bill is completed. Reopen it to change its capacity or details.")).toBeAttached();

  await page.getByRole("button", { name: "Reopen bill" }).click();
  await expect(page.getByTestId("bill-status")).toHaveText("Processing");
  await expect(page.getByTestId("bill-locked")).toHaveCount(0);

  // Remove (after a confirmation) and scan the parent back.
  await page.getByRole("button", { name: `Remove ${PARENTS[2].qr}` }).click();
  const dialog = page.getByRole("dialog", { name: `Remove ${PARENTS[2].qr}?` });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Remove from bill" }).click();
  await expect(feedback).toHaveAttribute("data-state", "undone");
  await expect(counter).toHaveText("2 / 3");
  await expect(input).toBeFocused();
  await wedge(page, PARENTS[2].qr);
  await expect(counter).toHaveText("3 / 3");

  // Edit: capacity can never go below the parents on the bill.
  await page.getByText("Edit bill", { exact: true }).click();
  const capacity = page.getByLabel("Parent bags expected (capacity)");
  await capacity.fill("2");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.locator("#field-capacity-error")).toContainText("cannot be less than that");
  await capacity.fill("3");
  await page.getByLabel("Description (optional)").fill("Evening load");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(`Bill ${BILL.toLowerCase()} saved.`)).toBeVisible();
  await expect(page.locator("dd", { hasText: "Evening load" })).toBeVisible();

  await page.getByRole("button", { name: "Complete bill" }).click();
  await expect(page.getByTestId("bill-status")).toHaveText("Completed");
  expect(pageErrors).toEqual([]);
});

test("the dispatch sheet lists the parents and totals and prints without the app around it", async ({ page }) => {
  await openAs(page, "biller");
  await page.goto(`/bills/${BILL}`);
  await page.getByRole("link", { name: "Dispatch sheet" }).click();
  await expect(page).toHaveURL(new RegExp(`/bills/${BILL.toLowerCase()}/print$`));
  await expect(page.getByTestId("sheet-bill-number")).toHaveText(BILL.toLowerCase());
  const sheet = page.getByTestId("sheet-parents");
  for (const p of PARENTS.slice(0, 3)) await expect(sheet).toContainText(p.qr);
  await expect(sheet.getByRole("row").nth(1).getByRole("cell")).toHaveText(["1", PARENTS[0].qr, "mustard (SB)", "2 / 30(partial)", "2 kg", ""]);
  const totals = page.getByTestId("sheet-totals");
  await expect(totals).toContainText("Parent bags3 of 3");
  await expect(totals).toContainText("Child bags5");
  await expect(totals).toContainText("Actual weight5 kg");
  await expect(totals).toContainText("Expected weight75 kg");
  await expect(totals).toContainText("Variance−70 kg");
  for (const who of ["Prepared by", "Loaded by", "Driver", "Gate"]) await expect(page.getByText(who, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();

  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: "test-results/bill-print-sheet.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
});

test("the bill report sums the day and downloads as CSV with a dated name", async ({ page }) => {
  await openAs(page, "biller");
  await page.goto("/bills");
  await page.getByRole("link", { name: "Summary report" }).click();
  await expect(page).toHaveURL(/\/reports\/bills$/);
  const row = page.getByTestId("report-table").getByRole("row").filter({ hasText: BILL.toLowerCase() });
  await expect(row).toContainText("3 / 3");
  await expect(page.getByTestId("report-totals")).toBeVisible();
  await settledScreenshot(page, "test-results/bill-report.png");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^tracetrack-bills-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  const lines = csv.split("\r\n");
  expect(lines[0]).toBe("\uFEFFBill number,Created (IST),Created by,Status,Customer / destination,Vehicle,Capacity,Parent bags,Child bags,Actual kg,Expected kg,Variance kg,Completion %");
  const mine = lines.find((l) => l.startsWith(`${BILL.toLowerCase()},`));
  // The customer began with "=": written as text, quoted for its comma.
  expect(mine).toMatch(new RegExp(`,biller,completed,"'=SUM\\(1\\+1\\), Lucknow",UP32 ZZ 7001,3,3,5,5,75,-70,100$`));
  expect(lines.find((l) => l.startsWith("TOTAL ("))).toBeTruthy();

  const bad = await page.request.get("/reports/bills/csv?from=2025-02-30");
  expect(bad.status()).toBe(400);
});

test("the list searches by number prefix, pages by keyset, and the lookup opens a bill", async ({ page }) => {
  await openAs(page, "biller");
  await page.goto("/bills");
  await page.getByLabel("Bill number starts with").fill(BILL.slice(0, 6).toLowerCase());
  await page.getByRole("button", { name: "Apply filters" }).click();
  const table = page.getByTestId("bill-table");
  await expect(table.getByRole("link", { name: BILL.toLowerCase() })).toBeVisible();
  await expect(table.getByRole("link", { name: "DEMO-001" })).toHaveCount(0);
  await expect(table.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "3");
  await page.goto("/bills");
  await settledScreenshot(page, "test-results/bill-list-desktop.png");

  await page.goto("/bills?limit=1");
  await expect(table.getByRole("row")).toHaveCount(2);
  const first = await table.getByRole("link").first().textContent();
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(table.getByRole("link", { name: first ?? "", exact: true })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "First page" })).toBeVisible();

  // A GST-style number with slashes and a space survives the trip through the URL.
  const gst = `GST/${BILL.slice(4)}/24-25 A`;
  expect((await page.request.post("/api/bills", { data: { billNumber: gst, capacity: 2 } })).status()).toBe(201);
  await page.goto(`/bills?q=${encodeURIComponent("gst/")}`);
  await table.getByRole("link", { name: gst }).click();
  await expect(page.getByTestId("bill-number")).toHaveText(gst);
  await page.getByRole("link", { name: "Dispatch sheet" }).click();
  await expect(page.getByTestId("sheet-bill-number")).toHaveText(gst);

  await page.getByLabel("Find bag").fill("demo-001");
  await page.getByLabel("Find bag").press("Enter");
  await expect(page).toHaveURL(/\/bills\/DEMO-001$/);
  await expect(page.getByTestId("bill-counter")).toHaveText("1 / 2");
});

test("the bill page works on a phone and a 10-inch tablet", async ({ browser }) => {
  // Reopened: an open bill has the scan input, Enter and the camera (a completed one has none).
  const opener = await (await contextAs(browser, "biller")).newPage();
  expect((await opener.request.post(`/api/bills/${BILL}/reopen`, { data: {} })).status()).toBe(200);
  for (const viewport of [
    { width: 375, height: 740, name: "phone" },
    { width: 800, height: 1280, name: "tablet" },
  ]) {
    const context = await contextAs(browser, "biller", { viewport, isMobile: viewport.name === "phone", hasTouch: true });
    const page = await context.newPage();
    await openAs(page, "biller");
    await page.goto(`/bills/${BILL}`);
    await expect(page.getByTestId("bill-counter")).toHaveText("3 / 3");
    await page.getByLabel(SCAN_LABEL).focus();
    await wedge(page, PARENTS[0].qr);
    await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "duplicate");
    await noSideScroll(page);
    for (const name of [/^Enter$/, /Complete bill/, /Use camera/]) {
      const box = await page.getByRole("button", { name }).boundingBox();
      expect(box?.height ?? 0, String(name)).toBeGreaterThanOrEqual(44);
    }
    await settledScreenshot(page, `test-results/bill-${viewport.name}.png`);
    await page.goto("/bills");
    await noSideScroll(page);
    if (viewport.name === "phone") await settledScreenshot(page, "test-results/bill-list-phone.png");
    await context.close();
  }
});
