import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, openAs, scanByKeyboard } from "./helpers";

// The truck leaves (issue 14): a biller completes a bill, issues its gate pass and prints it on
// one page; the guard scans it by keyboard → ADMITTED and the bill is dispatched for good; the
// same pass again → ALREADY USED (when, by whom); a tampered payload → INVALID. Own parents
// SB77001–SB77002 on its own bill.
const BILL = `GATE-${Date.now().toString(36).toUpperCase()}`;
const PARENTS = ["SB77001", "SB77002"];
const GATE_INPUT = "Scan the gate pass QR, then Enter";

test.describe.configure({ mode: "serial" });

let code = "";
let payload = "";

async function gatePage(browser: Browser): Promise<Page> {
  const page = await (await contextAs(browser, "gate")).newPage();
  await page.goto("/gate");
  await expect(page.getByLabel(GATE_INPUT)).toBeFocused();
  return page;
}

async function scanAtGate(page: Page, text: string) {
  await scanByKeyboard(page, text);
}

test("a biller completes a bill, issues its gate pass and prints it on one A5 page", async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await (await contextAs(browser, "biller")).newPage();
  await openAs(page, "biller");
  for (const qr of PARENTS) expect((await page.request.post("/api/scan/parent", { data: { qr, area: "lucknow" } })).status(), qr).toBe(200);
  expect((await page.request.post("/api/bills", { data: { billNumber: BILL, capacity: 2, customer: "Agro Traders, Kanpur" } })).status()).toBe(201);
  for (const qr of PARENTS) expect((await page.request.post(`/api/bills/${BILL}/parents`, { data: { qr } })).status(), qr).toBe(200);

  await page.goto(`/bills/${BILL}`);
  await page.getByRole("button", { name: "Complete bill" }).click();
  await expect(page.getByTestId("bill-status")).toHaveText("Completed");
  await page.getByRole("link", { name: "Issue gate pass" }).click();
  await expect(page).toHaveURL(new RegExp(`/passes/new\\?bill=${BILL}$`));
  await expect(page.getByLabel("Bill number")).toHaveValue(BILL);
  await page.getByLabel("Driver name", { exact: true }).fill("Ramesh Kumar");
  await page.getByLabel("Driver phone", { exact: true }).fill("+91 98290 12345");
  await page.getByLabel("Vehicle number").fill("rj-14 gb 1234");
  await page.getByRole("button", { name: "Issue pass" }).click();

  await expect(page).toHaveURL(/\/passes\/GP-\d{8}-\d{4}$/);
  code = (await page.getByTestId("pass-code").innerText()).replace(/^Pass\s+/, "").trim();
  expect(code).toMatch(/^GP-\d{8}-\d{4}$/);
  await expect(page.getByTestId("pass-status")).toHaveText("Active");
  await expect(page.getByTestId("pass-facts")).toContainText("RJ14GB1234");
  await expect(page.getByTestId("pass-facts")).toContainText("98290 12345");

  // The signed QR text, as the printed QR carries it (the JSON API gives it to issuers only).
  const res = await page.request.get(`/api/passes/${code}`);
  expect(res.status()).toBe(200);
  payload = ((await res.json()) as { pass: { payload: string } }).pass.payload;
  expect(payload).toMatch(new RegExp(`^TTGP1\\.${code}\\.[A-Za-z0-9_-]{43}$`));

  await page.getByRole("link", { name: "Print pass" }).click();
  await expect(page.getByTestId("printed-pass-code")).toHaveText(code);
  await expect(page.getByTestId("printed-pass-vehicle")).toContainText("RJ14GB1234");
  await expect(page.getByTestId("printed-pass").getByRole("img", { name: /^QR code of gate pass/ })).toBeVisible();
  await expect(page.getByTestId("printed-pass").getByRole("img", { name: "QR code: track this load" })).toBeVisible();
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length, "printed pages").toBe(1);
  // The print is on the pass's record.
  await page.goto(`/passes/${code}`);
  await expect(page.getByTestId("pass-history")).toContainText(/print/i);
});

test("the guard scans it by keyboard: ADMITTED with the truck's details, and the bill is dispatched for good", async ({ browser }) => {
  const gate = await gatePage(browser);
  await scanAtGate(gate, payload);
  const card = gate.getByTestId("gate-result");
  await expect(card).toHaveAttribute("data-verdict", "admitted");
  await expect(gate.getByTestId("gate-verdict")).toHaveText("ADMITTED");
  await expect(gate.getByTestId("gate-vehicle")).toContainText("RJ14GB1234");
  await expect(card).toContainText("Ramesh Kumar");
  await expect(card).toContainText(BILL);
  // The input is ready for the next truck.
  await expect(gate.getByLabel(GATE_INPUT)).toBeFocused();

  const biller = await (await contextAs(browser, "biller")).newPage();
  await biller.goto(`/bills/${BILL}`);
  await expect(biller.getByTestId("bill-status")).toHaveText("Dispatched");
  await expect(biller.getByRole("button", { name: "Reopen bill" })).toHaveCount(0);
  const reopen = await biller.request.post(`/api/bills/${BILL}/reopen`, { data: {} });
  expect(reopen.status()).toBe(409);
  expect(((await reopen.json()) as { error: { code: string } }).error.code).toBe("bill_dispatched");
});

test("the same pass again is ALREADY USED, with when and by whom; a tampered one is INVALID", async ({ browser }) => {
  const gate = await gatePage(browser);
  await scanAtGate(gate, payload);
  const card = gate.getByTestId("gate-result");
  await expect(card).toHaveAttribute("data-verdict", "already_used");
  await expect(gate.getByTestId("gate-verdict")).toHaveText("ALREADY USED");
  await expect(card).toContainText(/Used at/);
  await expect(card).toContainText(/IST/);
  await expect(card).toContainText("gate");

  // One character of the signature changed.
  const last = payload.at(-1) === "A" ? "B" : "A";
  await scanAtGate(gate, payload.slice(0, -1) + last);
  await expect(card).toHaveAttribute("data-verdict", "invalid");
  await expect(gate.getByTestId("gate-verdict")).toHaveText("INVALID OR TAMPERED");
  await expect(gate.getByTestId("gate-history").locator("li")).toHaveCount(2);
});

test("the guard reaches nothing but the gate and pass details: 403 or a redirect elsewhere", async ({ browser }) => {
  const page = await (await contextAs(browser, "gate")).newPage();
  for (const path of ["/bags", "/bills", "/scan", "/admin", `/bills/${BILL}`, "/passes", "/reports/bills"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: /403/ })).toBeVisible();
  }
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/gate$/);
  await page.goto(`/passes/${code}`);
  await expect(page.getByTestId("pass-status")).toHaveText("Used");
  await expect(page.getByRole("link", { name: "Print pass" })).toHaveCount(0);
  const api = await page.request.get("/api/bag/SB00001");
  expect(api.status()).toBe(403);
  await expect(page.getByRole("navigation").getByRole("link", { name: "Bills" })).toHaveCount(0);
});
