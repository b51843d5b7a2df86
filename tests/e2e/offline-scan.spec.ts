import type { BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, openAs, scanByKeyboard, storageStateOf } from "./helpers";

// Offline scanning (issue 18): the station keeps scanning into its IndexedDB queue without a
// network, answers provisionally, and sends the queue in order with each scan's idempotency key
// when the network returns. Labels SB79300…SB79399 and children 7930000…7939999 are this spec's.

const SCAN_LABEL = "Scan or type a bag label, then Enter";

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateOf("dispatcher") });

/** What the server holds for a parent (GET /api/bag/[qr]). */
async function bag(page: Page, qr: string): Promise<{ childCount: number; children: { qr: string }[] }> {
  const res = await page.request.get(`/api/bag/${qr}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { bag: { childCount: number }; children: { qr: string }[] };
  return { childCount: body.bag.childCount, children: body.children };
}

async function openStation(page: Page): Promise<void> {
  await openAs(page, "dispatcher", "/scan");
  await expect(page.getByLabel(SCAN_LABEL)).toBeFocused();
}

const banner = (page: Page) => page.getByTestId("offline-banner");

test("ten children scanned offline wait in order, answered provisionally, and land exactly once when the network returns", async ({ page, context }) => {
  test.setTimeout(60_000);
  await openStation(page);
  const feedback = page.getByTestId("scan-feedback");
  await scanByKeyboard(page, "SB79300");
  await expect(feedback).toHaveAttribute("data-state", "ok");
  await expect(page.getByTestId("parent-counter")).toHaveText("0 / 30");

  await context.setOffline(true);
  await expect(banner(page)).toContainText("Offline — scans will wait on this device");
  const children = Array.from({ length: 10 }, (_, i) => String(7930001 + i));
  for (const qr of children) await scanByKeyboard(page, qr);

  await expect(banner(page)).toContainText("Offline — 10 scans waiting");
  await expect(banner(page)).toHaveAttribute("data-tone", "offline");
  // Provisional, and visibly not the server's answer: its own state, words and count.
  await expect(feedback).toHaveAttribute("data-state", "queued");
  await expect(feedback).toContainText("Queued offline — not confirmed");
  await expect(feedback).toContainText("Queued offline — 7930010 → SB79300, about 10/30 (not yet confirmed).");
  await expect(page.getByTestId("parent-counter")).toHaveText("10 / 30");
  await expect(page.getByTestId("current-parent")).toHaveAttribute("data-provisional", "true");
  await expect(page.getByTestId("parent-unconfirmed")).toContainText("0 confirmed by the server · 10 waiting to be sent");
  await expect(page.getByTestId("scan-history").locator('li[data-state="queued"]')).toHaveCount(10);
  // The queue is in IndexedDB: ten scans, each with its own key, in scan order.
  const queued = await page.evaluate(
    () =>
      new Promise<{ qr: string; key: string }[]>((resolve, reject) => {
        const open = indexedDB.open("tracetrack-offline");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction("queue").objectStore("queue").getAll();
          all.onsuccess = () => resolve((all.result as { qr: string; key: string }[]).map(({ qr, key }) => ({ qr, key })));
          all.onerror = () => reject(all.error);
        };
      }),
  );
  expect(queued.map((s) => s.qr)).toEqual(children);
  expect(new Set(queued.map((s) => s.key)).size).toBe(10);
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await page.screenshot({ path: "test-results/offline-scan-queued.png", fullPage: true });
  // Undo cannot wait in a queue: it says so and changes nothing.
  await page.keyboard.press("F2");
  await expect(feedback).toContainText("Undo has to wait: 10 scans are still waiting to be sent");

  await context.setOffline(false);
  await expect(banner(page)).toContainText("All waiting scans sent", { timeout: 20_000 });
  await expect(page.getByTestId("parent-counter")).toHaveText("10 / 30");
  await expect(page.getByTestId("current-parent")).not.toHaveAttribute("data-provisional", /.*/);
  await expect(page.getByTestId("scan-history").locator("li[data-replayed]").first()).toContainText("Sent: 7930010 packed into SB79300 — 10/30.");

  const server = await bag(page, "SB79300");
  expect(server.childCount).toBe(10);
  expect(server.children.map((c) => c.qr).sort()).toEqual(children);
});

test("a scan sent twice with one key is done once: the second answer is the first, replayed, and nothing changes", async ({ page }) => {
  await openStation(page);
  const before = (await bag(page, "SB79300")).childCount;
  const key = "e2e-offline-replay-7930020";
  const send = () => page.request.post("/api/scan/child", { data: { parentQr: "SB79300", qr: "7930020", idempotencyKey: key } });
  const first = await send();
  expect(first.status()).toBe(200);
  const firstBody = await first.json();
  expect(firstBody).toMatchObject({ result: "linked", childQr: "7930020", childCount: before + 1 });
  expect(firstBody.replayed).toBeUndefined();
  const second = await send();
  expect(second.status()).toBe(200);
  expect(second.headers()["idempotency-replayed"]).toBe("true");
  expect(await second.json()).toEqual({ ...firstBody, replayed: true });
  expect((await bag(page, "SB79300")).childCount).toBe(before + 1);
  // The same key for another scan is refused, not run.
  const other = await page.request.post("/api/scan/child", { data: { parentQr: "SB79300", qr: "7930021", idempotencyKey: key } });
  expect(other.status()).toBe(409);
  expect((await other.json()).error.code).toBe("idempotency_key_reused");
  expect((await bag(page, "SB79300")).childCount).toBe(before + 1);
});

test("a child linked elsewhere while it waited lands on the conflict list with what to do, until cleared", async ({ page, context, browser }) => {
  await openStation(page);
  await scanByKeyboard(page, "SB79300");
  await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "ok");
  await context.setOffline(true);
  await scanByKeyboard(page, "7930050");
  await scanByKeyboard(page, "7930051");
  await expect(banner(page)).toContainText("Offline — 2 scans waiting");

  // Meanwhile, at another station with a network, 7930050 goes into SB79301.
  const other: BrowserContext = await contextAs(browser, "dispatcher");
  const otherPage = await other.newPage();
  expect((await otherPage.request.post("/api/scan/parent", { data: { qr: "SB79301" } })).status()).toBe(200);
  expect((await otherPage.request.post("/api/scan/child", { data: { parentQr: "SB79301", qr: "7930050" } })).status()).toBe(200);

  await context.setOffline(false);
  const list = page.getByTestId("conflict-list");
  await expect(list).toBeVisible({ timeout: 20_000 });
  const item = list.getByTestId("conflict-item");
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute("data-code", "linked_elsewhere");
  await expect(item).toContainText("7930050 → SB79300");
  await expect(item).toContainText("Child 7930050 is already in parent SB79301.");
  await expect(item.getByTestId("conflict-advice")).toHaveText("Bag 7930050 is in another parent: take it out there first, or set this bag aside.");
  // The scan behind it was sent all the same.
  await expect(banner(page)).toContainText("All waiting scans sent");
  expect((await bag(page, "SB79300")).children.map((c) => c.qr)).toContain("7930051");

  // Kept across a reload, until a person clears it.
  await page.reload();
  await expect(page.getByTestId("conflict-item")).toHaveCount(1);
  await page.getByRole("button", { name: "Clear 7930050 from the refused scans" }).click();
  await expect(page.getByTestId("conflict-list")).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel(SCAN_LABEL)).toBeVisible();
  await expect(page.getByTestId("conflict-list")).toHaveCount(0);
});

test("the station's shell opens from the service worker when the page is reloaded without a network", async ({ page, context }) => {
  await openStation(page);
  // The worker takes the page and keeps it (and what it loaded) for offline use.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const keptPolicy = () => page.evaluate(() => caches.match(`${location.origin}/scan`).then((r) => r?.headers.get("content-security-policy") ?? null));
  await expect.poll(keptPolicy, { timeout: 15_000 }).toMatch(/nonce-/);
  const kept = await keptPolicy();

  await context.setOffline(true);
  expect(await page.evaluate(() => fetch("/api/health/live").then(() => "up", () => "down"))).toBe("down");
  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  // The page that opened is the kept one, not a new render: its own CSP nonce, matching its scripts.
  expect(reload?.headers()["content-security-policy"]).toBe(kept);
  const input = page.getByLabel(SCAN_LABEL);
  await expect(input).toBeFocused();
  await expect(banner(page)).toContainText("Offline — scans will wait on this device");
  await scanByKeyboard(page, "SB79302");
  await expect(page.getByTestId("scan-feedback")).toHaveAttribute("data-state", "queued");
  await expect(page.getByTestId("scan-feedback")).toContainText("parent SB79302 accepted provisionally");
  await expect(banner(page)).toContainText("Offline — 1 scan waiting");

  await context.setOffline(false);
  await expect(banner(page)).toContainText("All waiting scans sent", { timeout: 20_000 });
  expect((await bag(page, "SB79302")).childCount).toBe(0);
});

test("the bill page queues parents offline too, and puts them on the bill when the network returns", async ({ browser }) => {
  const context = await contextAs(browser, "biller");
  const page = await context.newPage();
  await openAs(page, "biller");
  const billNumber = `OFF-${Date.now().toString(36).slice(-5).toUpperCase()}`;
  for (const qr of ["SB79310", "SB79311"]) expect((await page.request.post("/api/scan/parent", { data: { qr, area: "lucknow" } })).status()).toBe(200);
  expect((await page.request.post("/api/bills", { data: { billNumber, capacity: 1 } })).status()).toBe(201);
  await page.goto(`/bills/${billNumber}`);
  await expect(page.getByLabel("Scan or type a parent bag label, then Enter")).toBeFocused();

  await context.setOffline(true);
  await scanByKeyboard(page, "SB79310");
  await scanByKeyboard(page, "SB79311");
  const feedback = page.getByTestId("scan-feedback");
  await expect(feedback).toHaveAttribute("data-state", "queued");
  await expect(feedback).toContainText(`SB79311 → bill ${billNumber}, about 2/1 parent bags: more than the bill holds`);
  await expect(banner(page)).toContainText("Offline — 2 scans waiting");

  await context.setOffline(false);
  // The first lands; the second is refused (the bill holds one) and waits on the conflict list.
  const item = page.getByTestId("conflict-item");
  await expect(item).toHaveAttribute("data-code", "bill_full", { timeout: 20_000 });
  await expect(item.getByTestId("conflict-advice")).toContainText(`Bill ${billNumber} is full: raise its capacity to add SB79311`);
  await expect(page.getByTestId("scan-history").locator("li[data-replayed]").filter({ hasText: "Sent: SB79310 added" })).toHaveCount(1);
  const bill = (await (await page.request.get(`/api/bills/${billNumber}`)).json()) as { parents: { qr: string }[] };
  expect(bill.parents.map((p) => p.qr)).toEqual(["SB79310"]);
  // Clear all asks first.
  await page.getByTestId("conflict-clear-all").click();
  await page.getByRole("dialog", { name: "Clear all 1 refused scans?" }).getByRole("button", { name: "Clear all" }).click();
  await expect(page.getByTestId("conflict-list")).toHaveCount(0);
});

test("the web app manifest makes the station installable", async ({ page, browser }) => {
  // Browsers fetch the manifest and icons without the session: they are served to anyone.
  const anonymous = await (await browser.newContext()).newPage();
  const res = await anonymous.request.get("/manifest.webmanifest");
  expect(res.status()).toBe(200);
  const manifest = await res.json();
  expect(manifest).toMatchObject({ name: "TraceTrack", short_name: "TraceTrack", start_url: "/scan", display: "standalone", theme_color: "#17613a" });
  const purposes = (manifest.icons as { sizes: string; purpose: string; src: string }[]).map((i) => `${i.sizes} ${i.purpose}`);
  expect(purposes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
  for (const icon of manifest.icons as { src: string }[]) {
    const png = await anonymous.request.get(icon.src);
    expect(png.status(), icon.src).toBe(200);
    expect(png.headers()["content-type"]).toBe("image/png");
  }
  await openStation(page);
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
});
