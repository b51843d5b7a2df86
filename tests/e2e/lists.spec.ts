import { expect, test } from "./fixtures";
import { contextAs, openAs } from "./helpers";

// A scan-data spec (playwright.config.ts): it makes parents, so it runs beside no spec that
// counts bags. New bags are always newest, so they never shift the rows between a page and the
// one before it.

test("the bag list pages forward and back to the same rows, and tells its size", async ({ browser }) => {
  const context = await contextAs(browser, "biller");
  const page = await context.newPage();
  // More than a page of bags, whatever ran before: the demo has 21.
  for (let n = 1; n <= 55; n += 1) {
    const res = await page.request.post("/api/scan/parent", { data: { qr: `SB6${String(n).padStart(4, "0")}`, area: "lucknow" } });
    expect(res.status()).toBe(200);
  }
  await openAs(page, "biller", "/bags");
  const table = page.getByTestId("bag-table");
  await expect(table.getByRole("row")).toHaveCount(51); // header + a full page of 50
  await expect(page.getByTestId("bag-count")).toHaveText(/^In this list: (about |more than )?[\d,.]+( lakh| crore)? bags?\.$/);
  await expect(page.getByRole("link", { name: "Previous page" })).toHaveCount(0);
  // The codes only: a bag's status line may change under a scan made meanwhile elsewhere.
  const codes = table.locator("tbody > tr > td:first-child > a");
  const firstCodes = await codes.allTextContents();

  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/after=/);
  await expect(codes.first()).not.toHaveText(firstCodes[0] ?? "");
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(codes).toHaveText(firstCodes);
});

test("a from date after the to date says so instead of matching no bags", async ({ browser }) => {
  const context = await contextAs(browser, "biller");
  const page = await context.newPage();
  await openAs(page, "biller", "/bags?from=2025-04-03&to=2025-04-02");
  // Next's route announcer is a second, empty role="alert" on every page.
  await expect(page.getByRole("alert").filter({ hasText: "The from date is after the to date." })).toBeVisible();
  await expect(page.getByText("No bags match these filters.")).toHaveCount(0);
});

test("on a phone a whole bag row opens the bag, not only its code", async ({ browser }) => {
  const context = await contextAs(browser, "biller", { viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await context.newPage();
  await openAs(page, "biller", "/bags");
  const row = page.getByTestId("bag-table").getByRole("row").nth(1);
  const qr = (await row.getByRole("link").first().textContent()) ?? "";
  // Tap the row's status line, well away from the code link itself.
  const status = row.getByRole("cell").nth(1);
  await status.scrollIntoViewIfNeeded();
  const box = await status.boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.click((box?.x ?? 0) + (box?.width ?? 0) - 4, (box?.y ?? 0) + (box?.height ?? 0) / 2);
  await expect(page).toHaveURL(new RegExp(`/bags/${encodeURIComponent(qr)}$`));
});

test("an admin table on a phone is a stack of cards: no sideways scroll, 44 px row buttons", async ({ browser }) => {
  const context = await contextAs(browser, "admin", { viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await context.newPage();
  await openAs(page, "admin", "/admin/users");
  const row = page.getByTestId("user-row-biller");
  await expect(row).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  // Nor inside the table's own scrolling box.
  const sideways = await row.evaluate((tr) => {
    const box = tr.closest("div");
    return box ? box.scrollWidth - box.clientWidth : 1;
  });
  expect(sideways).toBeLessThanOrEqual(0);
  // Each cell names its column on the card.
  await expect(row.getByRole("cell").first()).toHaveAttribute("data-label", /\S/);
  const buttons = row.getByRole("button");
  expect(await buttons.count()).toBeGreaterThan(0);
  for (const button of await buttons.all()) {
    const box = await button.boundingBox();
    expect(box?.height ?? 0, (await button.textContent()) ?? "").toBeGreaterThanOrEqual(44);
  }
});
