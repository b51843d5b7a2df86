import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { openAs, storageStateOf } from "./helpers";

// Printed QR labels (issue 18): a biller reserves the next free SB numbers and downloads them as
// an A4 sheet and a thermal roll; a dispatcher has no way in. Reserving creates no bags.

const RANGE = /^SB(\d{5})–SB(\d{5})$/;

test.describe(() => {
  test.use({ storageState: storageStateOf("biller") });

  test("a biller reserves 3 SB labels, sees the range highlighted and downloads the A4 and thermal PDFs", async ({ page }) => {
    await openAs(page, "biller", "/labels");
    await expect(page.getByRole("heading", { name: "Labels", exact: true })).toBeVisible();
    const note = `e2e ${Date.now().toString(36)}`;

    // A refused count says why, under its field, and reserves nothing.
    const form = page.getByTestId("labels-reserve-form");
    await form.getByRole("radio", { name: /SB parent/ }).check();
    await form.getByLabel("How many labels").fill("0");
    await form.getByRole("button", { name: "Reserve" }).click();
    await expect(form.getByText("Count must be a whole number from 1 to 1000.")).toBeVisible();
    await expect(page.getByTestId("new-reservation")).toHaveCount(0);

    await form.getByRole("radio", { name: /SB parent/ }).check();
    await form.getByLabel("How many labels").fill("3");
    await form.getByLabel("Note (optional)").fill(note);
    await form.getByRole("button", { name: "Reserve" }).click();

    const panel = page.getByTestId("new-reservation");
    await expect(panel).toBeVisible();
    const range = (await panel.getByTestId("new-reservation-range").textContent())?.trim() ?? "";
    const [, from, to] = RANGE.exec(range) ?? [];
    expect(Number(to) - Number(from), range).toBe(2);
    const first = `SB${from}`;
    const last = `SB${to}`;
    // Reserving is not scanning: no bag exists for the new numbers.
    for (const qr of [first, last]) expect((await page.request.get(`/api/bag/${qr}`)).status(), qr).toBe(404);
    // The table's newest row is this range, marked as the new one, with its note.
    const row = page.locator('[data-testid="label-reservation-row"][data-highlighted="true"]');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId("label-reservation-range")).toContainText(range);
    await expect(row).toContainText(note);

    for (const format of ["a4", "thermal"] as const) {
      const link = panel.getByTestId(`labels-pdf-${format}`);
      const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
      expect(download.suggestedFilename()).toBe(`labels-${first}-${last}-${format}.pdf`);
      const bytes = readFileSync((await download.path()) ?? "");
      expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      // The same address over HTTP: a PDF attachment.
      const res = await page.request.get((await link.getAttribute("href")) ?? "");
      expect(res.status()).toBe(200);
      expect(res.headers()["content-type"]).toBe("application/pdf");
      expect(res.headers()["content-disposition"]).toBe(`attachment; filename="labels-${first}-${last}-${format}.pdf"`);
    }

    // The JSON list shows the reservation too.
    const listed = (await (await page.request.get("/api/labels")).json()) as { reservations: { first: string; last: string; note: string | null }[] };
    expect(listed.reservations).toContainEqual(expect.objectContaining({ first, last, note }));
  });
});

test.describe(() => {
  test.use({ storageState: storageStateOf("dispatcher") });

  test("a dispatcher is refused the labels page and routes (403) and has no Labels link", async ({ page }) => {
    await openAs(page, "dispatcher");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Labels" })).toHaveCount(0);
    const res = await page.goto("/labels");
    expect(res?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
    const list = await page.request.get("/api/labels");
    expect(list.status()).toBe(403);
    expect(await list.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    const reserve = await page.request.post("/api/labels", { data: { kind: "SB", count: 1 } });
    expect(reserve.status()).toBe(403);
    expect((await page.request.get("/api/labels/1/pdf?format=a4")).status()).toBe(403);
  });
});
