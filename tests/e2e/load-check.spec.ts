import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { openAs, scanByKeyboard, storageStateOf } from "./helpers";

// The load check at the truck (issue 18). This spec makes its own parents (SB791xx, no children)
// and two bills of its own, so it depends on no other spec.
const STAMP = Date.now().toString(36).toUpperCase();
const BILL = `LC-${STAMP}`;
const OTHER_BILL = `LC-${STAMP}-B`;
const ON_BILL = ["SB79101", "SB79102", "SB79103"] as const;
const LOOSE = "SB79104"; // a parent on no bill
const OTHER = "SB79105"; // a parent of OTHER_BILL
const SCAN_LABEL = "Scan or type a parent bag label on the truck, then Enter";

async function api(page: Page, path: string, data: unknown, expected = 200) {
  const res = await page.request.post(path, { data });
  expect(res.status(), `${path} ${JSON.stringify(data)}: ${await res.text()}`).toBe(expected);
}

/** The bills and parents through the JSON API with the signed-in page's cookies (parents made at Lucknow). */
async function makeBills(page: Page) {
  for (const qr of [...ON_BILL, LOOSE, OTHER]) await api(page, "/api/scan/parent", { qr, area: "lucknow" });
  await api(page, "/api/bills", { billNumber: BILL, capacity: 3 }, 201);
  await api(page, "/api/bills", { billNumber: OTHER_BILL, capacity: 1 }, 201);
  for (const qr of ON_BILL) await api(page, `/api/bills/${BILL}/parents`, { qr });
  await api(page, `/api/bills/${OTHER_BILL}/parents`, { qr: OTHER });
}

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateOf("biller") });

test("a biller checks the truck: 2 of 3 matched, 1 missing, 1 extra, 1 of another bill; the report appears on the bill", async ({ page }) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.location().url.endsWith("/favicon.ico")) pageErrors.push(`${m.text()} ${m.location().url}`);
  });
  await openAs(page, "biller");
  await makeBills(page);

  await page.goto(`/bills/${BILL}`);
  await expect(page.getByTestId("bill-last-check")).toHaveCount(0);
  await page.getByTestId("bill-load-check").click();
  await expect(page).toHaveURL(new RegExp(`/bills/${BILL}/check$`));
  await expect(page.getByTestId("check-bill-number")).toHaveText(BILL);

  const input = page.getByLabel(SCAN_LABEL);
  const feedback = page.getByTestId("check-feedback");
  const matched = page.getByTestId("check-matched");
  await expect(input).toBeFocused();
  await expect(matched).toHaveText("0 / 3");
  await expect(page.getByTestId("check-list-missing").getByRole("listitem")).toHaveCount(3);
  await expect(page.getByTestId("check-save")).toBeDisabled();

  await scanByKeyboard(page, ON_BILL[0].toLowerCase());
  await expect(feedback).toHaveAttribute("data-kind", "matched");
  await expect(matched).toHaveText("1 / 3");

  // The same parent again: counted once.
  await scanByKeyboard(page, ON_BILL[0]);
  await expect(feedback).toHaveAttribute("data-kind", "duplicate");
  await expect(feedback).toContainText("counted once");
  await expect(matched).toHaveText("1 / 3");

  // A child label is refused on the spot and not counted.
  await scanByKeyboard(page, "7910001");
  await expect(feedback).toHaveAttribute("data-kind", "refused");
  await expect(feedback).toContainText("is a child label");
  await expect(page.getByTestId("check-refused").getByRole("listitem")).toHaveCount(1);

  await scanByKeyboard(page, ON_BILL[2]);
  await expect(feedback).toHaveAttribute("data-kind", "matched");
  await expect(matched).toHaveText("2 / 3");

  await scanByKeyboard(page, LOOSE);
  await expect(feedback).toHaveAttribute("data-kind", "extra");
  await expect(feedback).toContainText("on no bill");

  await scanByKeyboard(page, OTHER);
  await expect(feedback).toHaveAttribute("data-kind", "other_bill");
  await expect(feedback).toContainText(OTHER_BILL);
  await expect(input).toBeFocused();

  const expectLive = async () => {
    await expect(matched).toHaveText("2 / 3");
    await expect(page.getByTestId("check-missing-count")).toHaveText("1");
    await expect(page.getByTestId("check-extra-count")).toHaveText("1");
    await expect(page.getByTestId("check-other-count")).toHaveText("1");
    await expect(page.getByTestId("check-list-missing").getByRole("listitem")).toHaveText([ON_BILL[1]]);
    await expect(page.getByTestId("check-list-matched").getByRole("listitem")).toHaveText([ON_BILL[0], ON_BILL[2]]);
    await expect(page.getByTestId("check-list-extra").getByRole("listitem")).toHaveText([`${LOOSE}(on no bill)`]);
    await expect(page.getByTestId("check-list-other").getByRole("listitem")).toContainText([`${OTHER}→ bill ${OTHER_BILL}`]);
  };
  await expectLive();

  // A reload keeps the check (this tab's memory), checked again against the bill.
  await page.reload();
  await expect(feedback).toContainText("Checked again against bill");
  await expectLive();

  await page.getByLabel("Notes (optional)").fill("Truck UP32 ZZ 7901: SB79102 left at the godown");
  await page.getByTestId("check-save").click();
  await expect(page).toHaveURL(new RegExp(`/bills/${BILL}/check/\\d+$`));
  const report = page.getByTestId("check-report");
  await expect(report).toBeVisible();
  await expect(page.getByTestId("check-report-bill")).toHaveText(BILL);
  await expect(page.getByTestId("check-matched")).toHaveText("2 / 3");
  await expect(page.getByTestId("check-list-missing").getByRole("listitem")).toHaveText([ON_BILL[1]]);
  await expect(page.getByTestId("check-report-notes")).toHaveText("Truck UP32 ZZ 7901: SB79102 left at the godown");
  await expect(page.getByTestId("check-report-refused")).toContainText("7910001 is a child label");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  // The bill page shows the last check and links to its report.
  await page.getByRole("link", { name: "← Back to the bill" }).click();
  await expect(page).toHaveURL(new RegExp(`/bills/${BILL}$`));
  const last = page.getByTestId("bill-last-check");
  await expect(last).toContainText("by biller — 2/3 matched, 1 missing, 1 extra, 1 on another bill");
  await last.getByRole("link", { name: "Load check report" }).click();
  await expect(page.getByTestId("check-report")).toBeVisible();

  // So does the dispatch sheet.
  await page.goto(`/bills/${BILL}/print`);
  await expect(page.getByTestId("sheet-load-check")).toContainText("by biller");
  await expect(page.getByTestId("sheet-load-check")).toContainText("2/3 matched, 1 missing, 1 extra, 1 on another bill");

  // The API answers the same newest check.
  const res = await page.request.get(`/api/bills/${BILL}/check`);
  expect(res.status()).toBe(200);
  const { check } = (await res.json()) as { check: { matched: number; expected: number; report: { missing: string[]; extra: string[] } } };
  expect([check.matched, check.expected, check.report.missing, check.report.extra]).toEqual([2, 3, [ON_BILL[1]], [LOOSE]]);

  // Saved: the check page starts empty again.
  await page.goto(`/bills/${BILL}/check`);
  await expect(page.getByTestId("check-matched")).toHaveText("0 / 3");
  await expect(page.getByTestId("bill-last-check")).toContainText("2/3 matched");
  expect(pageErrors).toEqual([]);
});

test("the dispatcher cannot open the load check", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateOf("dispatcher") });
  const page = await context.newPage();
  const res = await page.goto(`/bills/${BILL}/check`);
  expect(res?.status()).toBe(403);
  const post = await page.request.post(`/api/bills/${BILL}/check`, { data: { qrs: [ON_BILL[0]] } });
  expect(post.status()).toBe(403);
});
