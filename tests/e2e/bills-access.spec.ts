import { expect, test } from "./fixtures";
import { openAs, storageStateOf } from "./helpers";

// Its own bill and parent (SB72001), so this spec depends on no other.
const DEL_BILL = `DEL-${Date.now().toString(36).toUpperCase()}`;
const PARENT = "SB72001";

test.describe(() => {
  test.use({ storageState: storageStateOf("dispatcher") });
  test("a dispatcher gets 403 on every bill page and route", async ({ page }) => {
    await openAs(page, "dispatcher");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Bills" })).toHaveCount(0);
    for (const path of ["/bills", "/bills/new", "/bills/DEMO-001", "/bills/DEMO-001/print", "/reports/bills"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
    }
    for (const path of ["/api/bills/DEMO-001", "/reports/bills/csv"]) {
      const api = await page.request.get(path);
      expect(api.status(), path).toBe(403);
      expect(await api.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    }
    // The lookup does not reveal bills to a dispatcher.
    await page.goto("/lookup?q=DEMO-001");
    await expect(page).toHaveURL(/\/lookup\?q=DEMO-001$/);
  });
});

test.describe(() => {
  test.use({ storageState: storageStateOf("admin") });
  test("an admin deletes a bill after confirming; its parent can be billed again", async ({ page }) => {
    await openAs(page, "admin");
    expect((await page.request.post("/api/scan/parent", { data: { qr: PARENT, area: "lucknow" } })).status()).toBe(200);
    const created = await page.request.post("/api/bills", { data: { billNumber: DEL_BILL, capacity: 1 } });
    expect(created.status()).toBe(201);
    expect((await page.request.post(`/api/bills/${DEL_BILL}/parents`, { data: { qr: PARENT } })).status()).toBe(200);
    await page.goto(`/bills/${DEL_BILL}`);
    await page.getByRole("button", { name: "Delete bill" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete bill ${DEL_BILL}?` });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "Delete bill" }).click();
    await dialog.getByRole("button", { name: "Delete bill" }).click();
    await expect(page).toHaveURL(/\/bills\?deleted=/);
    await expect(page.getByRole("status").filter({ hasText: `Bill ${DEL_BILL} was deleted` })).toBeVisible();
    expect((await page.request.get(`/api/bills/${DEL_BILL}`)).status()).toBe(404);
    expect((await page.request.post("/api/bills", { data: { billNumber: `${DEL_BILL}-2`, capacity: 1 } })).status()).toBe(201);
    const again = await page.request.post(`/api/bills/${DEL_BILL}-2/parents`, { data: { qr: PARENT } });
    expect(await again.json()).toMatchObject({ result: "added", linkedCount: 1 });
  });
});
