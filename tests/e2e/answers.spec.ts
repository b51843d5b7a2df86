import { expect, test } from "./fixtures";
import { openAs, storageStateOf } from "./helpers";

// Pages that find nothing say what they looked for (issue 13, item 11), in the JSON 404s' words.
// Reads only: no bag or bill is made here.

test.use({ storageState: storageStateOf("biller") });

test("an unknown bill's page and dispatch sheet name the bill they did not find", async ({ page }) => {
  const missing = `NO-SUCH-${Date.now().toString(36).toUpperCase()}`;
  await openAs(page, "biller");
  const res = await page.goto(`/bills/${missing.toLowerCase()}%20`);
  expect(res?.status()).toBe(404);
  await expect(page.getByText(`No bill "${missing.toLowerCase()}" was found.`)).toBeVisible();
  await expect(page.getByRole("link", { name: "search the bills" })).toBeVisible();
  await expect(page.getByText("That page does not exist.")).toHaveCount(0);
  const api = await page.request.get(`/api/bills/${missing.toLowerCase()}`);
  expect(await api.json()).toEqual({ error: { code: "bill_not_found", message: `No bill "${missing.toLowerCase()}" was found.` } });

  const sheet = await page.goto(`/bills/${missing}/print`);
  expect(sheet?.status()).toBe(404);
  await expect(page.getByText(`No bill "${missing}" was found.`)).toBeVisible();
});

test("an unknown bag's page names the bag, as GET /api/bag does", async ({ page }) => {
  await openAs(page, "biller");
  const res = await page.goto("/bags/m444-07070");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("No bag M444-07070 was found.")).toBeVisible();
  const api = await page.request.get("/api/bag/m444-07070");
  expect(await api.json()).toEqual({ error: { code: "bag_not_found", message: "No bag M444-07070 was found." } });
});
