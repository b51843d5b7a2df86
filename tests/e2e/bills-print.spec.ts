import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { openAs, storageStateOf } from "./helpers";

// Its own 42 parents (SB73001–SB73042; the first two hold children 7300001–7300006) on its own
// bill, so this spec depends on no other.
const BILL = `PRT-${Date.now().toString(36).toUpperCase()}`;
const PARENTS = Array.from({ length: 42 }, (_, i) => `SB${73001 + i}`);
const CHILDREN: Record<string, string[]> = {
  SB73001: ["7300001", "7300002", "7300003"],
  SB73002: ["7300004", "7300005", "7300006"],
};
const SCAN_LABEL = "Scan or type a parent bag label, then Enter";
// A 1366×768 laptop less the browser's tabs, address bar and the taskbar.
const LAPTOP = { width: 1366, height: 650 };

/** Packs the parents and loads all 42 on a bill of 42 through the JSON API (the biller's own cookies). */
async function makeBillOf42(page: Page) {
  for (const qr of PARENTS) {
    expect((await page.request.post("/api/scan/parent", { data: { qr, area: "lucknow" } })).status(), qr).toBe(200);
    for (const child of CHILDREN[qr] ?? []) {
      expect((await page.request.post("/api/scan/child", { data: { parentQr: qr, qr: child } })).status(), child).toBe(200);
    }
  }
  expect((await page.request.post("/api/bills", { data: { billNumber: BILL, capacity: 42, customer: "Agro Traders, Kanpur" } })).status()).toBe(201);
  for (const qr of PARENTS) {
    expect((await page.request.post(`/api/bills/${BILL}/parents`, { data: { qr } })).status(), qr).toBe(200);
  }
}

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateOf("biller") });

test("the dispatch sheet of 42 parents shows the bill's QR code and 'Page 1 of 2', marked DRAFT until completed", async ({ page }) => {
  test.setTimeout(90_000);
  await openAs(page, "biller");
  await makeBillOf42(page);
  await page.goto(`/bills/${BILL}`);
  await page.getByRole("link", { name: "Dispatch sheet" }).click();
  await expect(page).toHaveURL(new RegExp(`/bills/${BILL}/print$`));

  const qr = page.getByRole("img", { name: `QR code of bill ${BILL}` });
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute("src", /^data:image\/svg\+xml;base64,/);
  // The QR holds the bill page's absolute address, printed under it for eyes.
  await expect(page.getByTestId("sheet-bill-url")).toHaveText(new RegExp(`^https?://[^/]+/bills/${BILL}$`));
  await expect(page.getByTestId("sheet-company")).toHaveText("TraceTrack");

  const pages = page.getByTestId("sheet-page");
  await expect(pages).toHaveCount(2);
  await expect(pages.nth(0).getByText("Page 1 of 2", { exact: true })).toBeVisible();
  await expect(pages.nth(1).getByText("Page 2 of 2", { exact: true })).toBeVisible();
  // The bill number at the foot of every page; totals and signatures on the last one only.
  for (const i of [0, 1]) await expect(pages.nth(i).locator("footer")).toContainText(BILL);
  await expect(pages.nth(0).getByTestId("sheet-totals")).toHaveCount(0);
  await expect(pages.nth(1).getByTestId("sheet-totals")).toContainText("Parent bags42 of 42");
  await expect(pages.nth(1).getByRole("region", { name: "Signatures" })).toBeVisible();
  // Every parent exactly once, in loading order, numbered across the pages.
  const firstRows = pages.nth(0).getByTestId("sheet-parents").locator("tbody tr");
  const lastRows = pages.nth(1).getByTestId("sheet-parents").locator("tbody tr");
  expect((await firstRows.count()) + (await lastRows.count())).toBe(42);
  await expect(firstRows.first().getByRole("cell").nth(1)).toHaveText(PARENTS[0] ?? "");
  await expect(lastRows.last().getByRole("cell").nth(0)).toHaveText("42");
  await expect(lastRows.last().getByRole("cell").nth(1)).toHaveText(PARENTS[41] ?? "");
  // Driver lines to fill in by hand until gate passes name the driver.
  await expect(page.getByTestId("sheet-driver")).toContainText("Driver name");
  await expect(page.getByTestId("sheet-driver")).toContainText("Driver phone");

  // Not completed: DRAFT across every page.
  await expect(page.getByTestId("sheet-draft")).toHaveCount(2);
  for (const i of [0, 1]) await expect(pages.nth(i).getByTestId("sheet-draft")).toHaveText("DRAFT");

  // In print: one A4 page per sheet page, no app around it.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: "test-results/bill-print-42.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });

  expect((await page.request.post(`/api/bills/${BILL}/complete`, { data: {} })).status()).toBe(200);
  await page.reload();
  await expect(pages).toHaveCount(2);
  await expect(page.getByText("Page 2 of 2", { exact: true })).toBeVisible();
  await expect(page.getByTestId("sheet-draft")).toHaveCount(0);
  await expect(page.getByText("DRAFT")).toHaveCount(0);
});

test("the child list lists each parent's child QRs under it and still paginates", async ({ page }) => {
  await openAs(page, "biller", `/bills/${BILL}/print`);
  await expect(page.getByTestId("sheet-children")).toHaveCount(0);
  await page.getByRole("link", { name: "Include child list" }).click();
  await expect(page).toHaveURL(/\?manifest=1$/);
  const lines = page.getByTestId("sheet-children");
  await expect(lines).toHaveCount(2);
  for (const [i, parent] of ["SB73001", "SB73002"].entries()) {
    for (const child of CHILDREN[parent] ?? []) await expect(lines.nth(i)).toContainText(child);
  }
  await expect(page.getByText("Page 1 of 2", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Hide child list" }).click();
  await expect(lines).toHaveCount(0);
});

test("on a 1366×768 laptop the bill's status, weights and Complete are in view; a completed bill offers Reopen, not a scan input", async ({ page }) => {
  await page.setViewportSize(LAPTOP);
  await openAs(page, "biller");
  // Reopened (by the API, as another biller might), then completed here at the laptop.
  expect((await page.request.post(`/api/bills/${BILL}/reopen`, { data: {} })).status()).toBe(200);
  await page.goto(`/bills/${BILL}`);
  const input = page.getByLabel(SCAN_LABEL);
  await expect(input).toBeFocused();
  await expect(page.getByTestId("bill-counter")).toHaveText("42 / 42");
  for (const id of ["bill-status", "bill-counter", "bill-actual-kg", "bill-expected-kg", "bill-variance-kg"]) {
    await expect(page.getByTestId(id), id).toBeInViewport();
  }
  await expect(page.getByTestId("bill-actual-kg")).toHaveText("6 kg");
  await expect(page.getByTestId("bill-expected-kg")).toHaveText("1,260 kg");
  const complete = page.getByRole("button", { name: "Complete bill" });
  await expect(complete).toBeEnabled();
  await expect(complete).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await complete.click();
  await expect(page.getByTestId("bill-status")).toHaveText("Completed");
  const panel = page.getByTestId("bill-completed-panel");
  await expect(panel.getByRole("heading", { name: "Bill completed — reopen to add bags" })).toBeInViewport();
  await expect(input).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Reopen bill" })).toBeInViewport();
  // The focus is not on Reopen: a scanner's Enter must not reopen the bill.
  await expect(page.getByRole("button", { name: "Reopen bill" })).not.toBeFocused();
  await page.keyboard.type(PARENTS[0] ?? "");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("bill-status")).toHaveText("Completed");

  await page.reload();
  await expect(page.getByRole("heading", { name: "Bill completed — reopen to add bags" })).toBeVisible();
  await expect(input).toHaveCount(0);
  await page.screenshot({ path: "test-results/bill-laptop-completed.png" });

  await page.getByRole("button", { name: "Reopen bill" }).click();
  await expect(page.getByTestId("bill-status")).toHaveText("Processing");
  await expect(input).toBeFocused();
  await expect(page.getByTestId("bill-completed-panel")).toHaveCount(0);
  await page.screenshot({ path: "test-results/bill-laptop-open.png" });
});
