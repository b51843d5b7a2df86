import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, openAs, storageStateOf, scanByKeyboard } from "./helpers";

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
  await scanByKeyboard(page, label);
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

  // Narrowed to the demo's codes: other specs (lists.spec.ts) make newer parents.
  await page.goto("/bags?type=parent&q=SB0000");
  await expect(table.getByRole("link", { name: "SB00002", exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: "1000001", exact: true })).toHaveCount(0);
});

test("a dispatcher is told a bag of another area belongs there, alike by page, API, lookup and station, and sees none of it", async ({ browser }) => {
  // An Indore parent, made through the API with the station's area (a staff member has none).
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  const made = await admin.request.post("/api/scan/parent", { data: { qr: "SB09999", area: "indore" } });
  expect(made.status()).toBe(200);
  await expect((await admin.request.get("/api/bag/SB09999")).status()).toBe(200);
  await adminContext.close();

  const OTHER_AREA = "Bag SB09999 belongs to another dispatch area; you can see only Lucknow bags.";
  const context = await contextAs(browser, "dispatcher");
  const page = await context.newPage();
  await openAs(page, "dispatcher");
  await page.goto("/bags/sb09999");
  await expect(page.getByText(OTHER_AREA)).toBeVisible();
  // Nothing about the bag itself: no facts, no children, no history.
  await expect(page.getByTestId("bag-qr")).toHaveCount(0);
  await expect(page.getByText("Not on a bill")).toHaveCount(0);
  await expect(page.getByTestId("bag-scan-history")).toHaveCount(0);
  const api = await page.request.get("/api/bag/SB09999");
  expect(api.status()).toBe(403);
  expect(await api.json()).toEqual({ error: { code: "wrong_area", message: OTHER_AREA } });

  // The lookup neither opens it nor lists it as a close match, and says the same of the exact QR.
  await page.goto("/dashboard");
  await page.getByLabel("Find bag").fill("sb0");
  await page.getByLabel("Find bag").press("Enter");
  await expect(page).toHaveURL(/\/lookup\?q=sb0/);
  await expect(page.getByText("No bag “SB0” found")).toBeVisible();
  const matches = page.getByTestId("lookup-matches");
  await expect(matches).toContainText("SB00001");
  await expect(matches).not.toContainText("SB09999");
  await settledScreenshot(page, "test-results/lookup-not-found.png");
  await page.goto("/lookup?q=sb09999");
  await expect(page.getByText(OTHER_AREA)).toBeVisible();
  await expect(page.getByText("No bag “SB09999” found")).toHaveCount(0);

  // The scan station says it belongs to another area too.
  await page.goto("/scan");
  await page.getByLabel(SCAN_LABEL).fill("SB09999");
  await page.getByLabel(SCAN_LABEL).press("Enter");
  await expect(page.getByTestId("scan-feedback")).toContainText("belongs to another dispatch area");

  // An exact QR, in any case, opens the bag.
  await page.goto("/dashboard");
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

test("the label printer's text packs the child whose label number it carries", async ({ page }) => {
  // What the printed QR holds (reference §6.2); the station reads 0016586 out of it.
  const LABEL_TEXT = "LABEL NO.:0016586 LOT NO.:STAR44GG24611, D.O.T.:30/09/2025";
  await openAs(page, "dispatcher", "/scan");
  const input = page.getByLabel(SCAN_LABEL);
  const feedback = page.getByTestId("scan-feedback");
  await expect(input).toBeFocused();
  await wedge(page, "SB00777");
  await expect(page.getByTestId("parent-qr")).toHaveText("SB00777");
  await expect(page.getByTestId("parent-counter")).toHaveText("0 / 30");

  // Filled at once (no key-by-key pauses the idle submit could take for the end of a scan).
  await input.fill(LABEL_TEXT);
  await input.press("Enter");
  await expect(feedback).toHaveAttribute("data-state", "ok");
  await expect(feedback).toContainText("0016586 packed into SB00777");
  await expect(page.getByTestId("parent-counter")).toHaveText("1 / 30");
  const history = page.getByTestId("scan-history").getByRole("listitem").first();
  await expect(history).toContainText("0016586");
  await expect(history).not.toContainText("LABEL");

  // Label text without its number is refused, saying what is missing.
  await input.fill("LABEL NO.: LOT NO.:STAR44GG24611, D.O.T.:30/09/2025");
  await input.press("Enter");
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText("without a label number");
  await expect(page.getByTestId("parent-counter")).toHaveText("1 / 30");

  await page.goto("/bags/SB00777");
  await expect(page.getByRole("heading", { name: "Children (1)" })).toBeVisible();
  await expect(page.getByRole("link", { name: "0016586", exact: true })).toBeVisible();
});

test.describe("a station without an area of its own, and scanners that end with Tab or nothing", () => {
  const AREA_LABEL = "This station's dispatch area";

  test("a biller picks Lucknow for the station, starts a new parent with a child, and a Lucknow dispatcher finishes it", async ({ browser }) => {
    const billerContext = await contextAs(browser, "biller");
    const biller = await billerContext.newPage();
    await openAs(biller, "biller", "/scan");
    await expect(biller.getByLabel(SCAN_LABEL)).toBeFocused();
    // Before an area is chosen, a new parent is refused, saying what to do.
    await wedge(biller, "SB35850");
    await expect(biller.getByTestId("scan-feedback")).toHaveAttribute("data-state", "error");
    await expect(biller.getByTestId("scan-feedback")).toContainText("Choose this station's dispatch area before scanning a new parent.");

    await biller.getByLabel(AREA_LABEL).selectOption("lucknow");
    await expect(biller.getByLabel(SCAN_LABEL)).toBeFocused();
    await wedge(biller, "SB35850");
    await expect(biller.getByTestId("parent-qr")).toHaveText("SB35850");
    await wedge(biller, "3585001");
    await expect(biller.getByTestId("parent-counter")).toHaveText("1 / 30");
    // The choice belongs to the device: it survives a reload.
    await biller.reload();
    await expect(biller.getByLabel(AREA_LABEL)).toHaveValue("lucknow");
    await billerContext.close();

    const context = await contextAs(browser, "dispatcher");
    const page = await context.newPage();
    await openAs(page, "dispatcher", "/scan");
    // A dispatcher packs for their own area: no choice offered.
    await expect(page.getByLabel(AREA_LABEL)).toHaveCount(0);
    await wedge(page, "SB35850");
    await expect(page.getByTestId("parent-qr")).toHaveText("SB35850");
    await expect(page.getByTestId("parent-counter")).toHaveText("1 / 30");
    await wedge(page, "3585002");
    await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "ok");
    await expect(page.getByTestId("parent-counter")).toHaveText("2 / 30");
    // The rest through the API (same verb), the last one at the station: it completes.
    for (let n = 3; n <= 29; n += 1) {
      const res = await page.request.post("/api/scan/child", { data: { parentQr: "SB35850", qr: String(3585000 + n) } });
      expect(res.status()).toBe(200);
    }
    await wedge(page, "3585030");
    await expect(page.getByTestId("parent-counter")).toHaveText("30 / 30");
    await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "complete");
    await context.close();
  });

  test("a scanner that ends each code with Tab lands a burst of 10 children, the focus staying in the input", async ({ page }) => {
    await openAs(page, "dispatcher", "/scan");
    const input = page.getByLabel(SCAN_LABEL);
    await expect(input).toBeFocused();
    await page.keyboard.type("SB35860");
    await page.keyboard.press("Tab");
    await expect(page.getByTestId("parent-qr")).toHaveText("SB35860");
    await expect(input).toBeFocused();
    for (let n = 1; n <= 10; n += 1) {
      await page.keyboard.type(String(3586000 + n));
      await page.keyboard.press("Tab");
    }
    await expect(page.getByTestId("parent-counter")).toHaveText("10 / 30");
    await expect(page.getByTestId("scan-history").getByRole("listitem")).toHaveCount(10);
    await expect(page.getByTestId("scan-history").getByRole("listitem").first()).toContainText("3586010");
    await expect(input).toBeFocused();
    await expect(input).toHaveValue("");
  });

  test("a code sent with no terminator at scanner speed lands after the pause; a person typing slowly is not cut short", async ({ page }) => {
    await openAs(page, "dispatcher", "/scan");
    const input = page.getByLabel(SCAN_LABEL);
    const counter = page.getByTestId("parent-counter");
    await expect(input).toBeFocused();
    await wedge(page, "SB35870");
    await expect(counter).toHaveText("0 / 30");
    await expect(page.getByTestId("scan-queue")).toContainText("Ready.");

    // Keys back to back, no Enter or Tab: submitted after the default 100 ms pause. A scanner's
    // keys come microseconds apart; typed through the DevTools protocol on a busy machine they can
    // come 30+ ms apart, so the burst is sent from inside the page, as a wedge scanner's would be.
    await input.evaluate((el: HTMLInputElement, code: string) => {
      for (const key of code) {
        el.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
        el.value += key;
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new KeyboardEvent("keyup", { key, bubbles: true }));
      }
    }, "3587001");
    await expect(counter).toHaveText("1 / 30");
    await expect(input).toHaveValue("");
    await expect(input).toBeFocused();

    // Keys 120 ms apart are a person's: nothing is submitted until Enter.
    await page.keyboard.type("3587002", { delay: 120 });
    await page.waitForTimeout(500);
    await expect(input).toHaveValue("3587002");
    await expect(counter).toHaveText("1 / 30");
    await page.keyboard.press("Enter");
    await expect(counter).toHaveText("2 / 30");
  });
});
