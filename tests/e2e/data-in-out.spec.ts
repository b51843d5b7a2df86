import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { labelBatchXlsx } from "../fixtures/imports";
import { expect, test } from "./fixtures";
import { contextAs, openAs, scanByKeyboard } from "./helpers";

// Data in and out (issue 16), in Chromium: an admin dry-runs then imports a label-printer batch;
// a biller returns two parents on a ticket (the bill shows the lower counts) and cancelling the
// ticket restores them; the end-of-day page shows the day's numbers; an XLSX export downloads and
// opens with exceljs. Own labels: parents SB76001 (import), SB76101–SB76102 (returns).
const RUN = Date.now().toString(36).toUpperCase();
const BILL = `RTN-E2E-${RUN}`;
const PARENTS = ["SB76101", "SB76102"];
const CHILDREN = [`RT${RUN}A`.slice(0, 20), `RT${RUN}B`.slice(0, 20), `RT${RUN}C`.slice(0, 20)];
const RETURN_INPUT = "Scan or type a returned parent bag label, then Enter";

test.describe.configure({ mode: "serial" });

test("an admin dry-runs a label-printer batch, then imports it", async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await (await contextAs(browser, "admin")).newPage();
  await page.goto("/admin/imports");
  await page.getByLabel("Kind").selectOption("labels");
  await page.getByLabel("Dispatch area").selectOption("indore");
  const labels = [76_001, 76_002, 76_003, 76_004];
  await page.getByLabel("File (.csv or .xlsx, at most 20 MB)").setInputFiles({
    name: "label-batch.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: await labelBatchXlsx([{ parent: "SB76001", children: labels }]),
  });
  const importButton = page.getByRole("button", { name: "Import", exact: true });
  await expect(importButton).toBeDisabled();
  await page.getByRole("button", { name: "Dry run" }).click();
  await expect(page.getByTestId("import-summary")).toContainText("Dry run passed");
  await expect(page.getByTestId("import-results").locator('[data-status="failed"]')).toHaveCount(0);
  // A dry run writes nothing.
  expect((await page.request.get("/api/bag/SB76001")).status()).toBe(404);

  await expect(importButton).toBeEnabled();
  await importButton.click();
  await expect(page.getByTestId("import-summary")).toContainText("Imported");
  const res = await page.request.get("/api/bag/SB76001");
  expect(res.status()).toBe(200);
  const bag = JSON.stringify(await res.json());
  expect(bag).toContain('"childCount":4');
  expect(bag).toContain("0076001");
});

async function billCounter(page: Page): Promise<string> {
  await page.goto(`/bills/${BILL}`);
  return (await page.getByTestId("bill-counter").innerText()).replace(/\s+/g, " ").trim();
}

test("a biller returns two parents on a ticket; the bill drops, and cancelling restores it", async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await (await contextAs(browser, "biller")).newPage();
  await openAs(page, "biller");
  for (const qr of PARENTS) expect((await page.request.post("/api/scan/parent", { data: { qr, area: "lucknow" } })).status(), qr).toBe(200);
  for (const [i, child] of CHILDREN.entries()) {
    const parentQr = PARENTS[i % 2] ?? "";
    expect((await page.request.post("/api/scan/child", { data: { parentQr, qr: child } })).status(), child).toBe(200);
  }
  expect((await page.request.post("/api/bills", { data: { billNumber: BILL, capacity: 2 } })).status()).toBe(201);
  for (const qr of PARENTS) expect((await page.request.post(`/api/bills/${BILL}/parents`, { data: { qr } })).status(), qr).toBe(200);
  await page.goto(`/bills/${BILL}`);
  await page.getByRole("button", { name: "Complete bill" }).click();
  await expect(page.getByTestId("bill-status")).toHaveText("Completed");
  expect(await billCounter(page)).toMatch(/^2\s*\/\s*2/);
  await expect(page.getByTestId("bill-actual-kg")).toHaveText("3 kg");
  await expect(page.getByTestId("bill-expected-kg")).toHaveText("60 kg");

  await page.goto("/returns/new");
  await page.getByLabel("C&F location (dispatch area)").selectOption("lucknow");
  await page.getByLabel("Notes (optional)").fill("Dealer returned two bags");
  await page.getByRole("button", { name: "Create ticket" }).click();
  await expect(page).toHaveURL(/\/returns\/RTN-\d{8}-\d{4}$/);
  const code = (await page.getByTestId("return-code").innerText()).trim();
  expect(code).toMatch(/RTN-\d{8}-\d{4}/);
  await expect(page.getByLabel(RETURN_INPUT)).toBeFocused();

  for (const qr of PARENTS) {
    await scanByKeyboard(page, qr);
    await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "ok");
    await expect(page.getByTestId("returned-bags").locator(`[data-qr="${qr}"]`)).toBeVisible();
  }
  await expect(page.getByTestId("return-bags-count")).toHaveText("2");
  await expect(page.getByTestId("return-weight")).toHaveText("3 kg");
  // The same parent again: refused as already on this ticket, nothing changes.
  await scanByKeyboard(page, PARENTS[0] ?? "");
  await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "duplicate");
  await expect(page.getByTestId("return-bags-count")).toHaveText("2");

  // The bill shows the lower counts and the return in its history.
  expect(await billCounter(page)).toMatch(/^0\s*\/\s*2/);
  await expect(page.getByTestId("bill-actual-kg")).toHaveText("0 kg");
  await expect(page.getByTestId("bill-expected-kg")).toHaveText("0 kg");
  await expect(page.getByTestId("bill-return-events").locator('[data-kind="returned"]')).toHaveCount(2);

  // Cancel the ticket: both parents go back on the bill.
  await page.goto(`/returns/${code}`);
  await page.getByTestId("return-cancel").click();
  await page.getByRole("button", { name: "Yes, cancel ticket" }).click();
  await expect(page.getByTestId("return-closed")).toBeVisible();
  await expect(page.getByTestId("return-status")).toHaveAttribute("data-status", "cancelled");
  expect(await billCounter(page)).toMatch(/^2\s*\/\s*2/);
  await expect(page.getByTestId("bill-actual-kg")).toHaveText("3 kg");
  await expect(page.getByTestId("bill-return-events").locator('[data-kind="restored"]')).toHaveCount(2);
});

test("the end-of-day page shows the day's numbers", async ({ browser }) => {
  const page = await (await contextAs(browser, "biller")).newPage();
  const res = await page.request.get("/api/reports/eod");
  expect(res.status()).toBe(200);
  const eod = (await res.json()) as {
    report_date: string;
    total_bills: number;
    total_parent_bags: number;
    total_child_bags: number;
    bills_by_status: Record<string, number>;
    returns: { tickets: number; cancelled: number };
  };
  // This spec's bill (and any other spec's bills of today) are in it.
  expect(eod.total_bills).toBeGreaterThanOrEqual(1);
  expect(eod.returns.tickets).toBeGreaterThanOrEqual(1);
  expect(eod.returns.cancelled).toBeGreaterThanOrEqual(1);
  await page.goto("/reports/eod");
  await expect(page.getByRole("heading", { name: `End of day — ${eod.report_date}` })).toBeVisible();
  await expect(page.getByTestId("eod-total-bills")).toContainText(String(eod.total_bills));
  await expect(page.getByTestId("eod-parent-bags")).toContainText(String(eod.total_parent_bags));
  await expect(page.getByTestId("eod-child-bags")).toContainText(String(eod.total_child_bags));
  await expect(page.getByTestId("eod-status-completed")).toContainText(String(eod.bills_by_status.completed ?? 0));
  await expect(page.getByTestId("eod-returns-cancelled")).toContainText(String(eod.returns.cancelled));
  await expect(page.getByTestId("eod-bills")).toContainText(BILL);
});

test("an XLSX export of the bills downloads and opens with exceljs", async ({ browser }) => {
  const page = await (await contextAs(browser, "biller")).newPage();
  await page.goto(`/bills?q=${encodeURIComponent(BILL)}`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-xlsx").click()]);
  expect(download.suggestedFilename()).toMatch(/^bills_\d{8}_\d{4}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  const file = await readFile((await download.path()) ?? "");
  await workbook.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  const sheet = workbook.getWorksheet("Bills");
  expect(sheet).toBeDefined();
  expect(String(sheet?.getRow(1).getCell(1).value)).toBe("Bill number");
  const cells: string[] = [];
  sheet?.eachRow((row, n) => {
    if (n > 1) cells.push(String(row.getCell(1).value));
  });
  // One row per bill × parent: this spec's bill with its two parents (restored by the cancel).
  expect(cells.filter((c) => c === BILL)).toHaveLength(2);
});
