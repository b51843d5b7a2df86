import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, openAs } from "./helpers";

// A bill's public status link (issue 18): a biller reads it off the bill page (and sees its QR on
// the dispatch sheet and the printed gate pass); someone not signed in opens it and sees whether
// the load has left, its parent count and weight, and no names; a link with one character changed
// is not valid. Own parents SB79201–SB79202 (no children) on its own bill.
const BILL = `STL-${Date.now().toString(36).toUpperCase()}`;
const PARENTS = ["SB79201", "SB79202"];
const CUSTOMER = "Sable Status Traders";
const DRIVER = "Mahesh Statuswala";
const VEHICLE = "RJ14GB7920";
// Words the public page must never show: the demo staff, the customer, the driver and the truck.
const NEVER_SHOWN = ["biller", "admin", "dispatcher", CUSTOMER, DRIVER, VEHICLE];
const INVALID = "This status link is not valid — it may have been mistyped or changed.";

test.describe.configure({ mode: "serial" });

let link = "";

/** A browser with no session at all: whoever the link was sent to. */
async function anonymousPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function expectNoNames(page: Page) {
  const text = (await page.locator("body").innerText()).toLowerCase();
  for (const word of NEVER_SHOWN) expect(text, `shows ${word}`).not.toContain(word.toLowerCase());
  // "gate" is the guard's username too: only "left the gate" may say it.
  expect(text.replaceAll("left the gate", "").replaceAll("waiting at the gate", ""), "shows the gate user").not.toMatch(/\bgate\b/);
  await expect(page.getByRole("navigation")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /sign out/i })).toHaveCount(0);
}

test("a biller reads the link off the bill page; opened without signing in it shows the facts and no names", async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await (await contextAs(browser, "biller")).newPage();
  await openAs(page, "biller");
  for (const qr of PARENTS) expect((await page.request.post("/api/scan/parent", { data: { qr, area: "lucknow" } })).status(), qr).toBe(200);
  expect((await page.request.post("/api/bills", { data: { billNumber: BILL, capacity: 2, customer: CUSTOMER } })).status()).toBe(201);
  for (const qr of PARENTS) expect((await page.request.post(`/api/bills/${BILL}/parents`, { data: { qr } })).status(), qr).toBe(200);

  await page.goto(`/bills/${BILL}`);
  const box = page.getByTestId("status-link-box");
  await expect(box.getByRole("heading", { name: "Public status link" })).toBeVisible();
  await expect(box.getByRole("button", { name: "Copy link" })).toBeVisible();
  await expect(page.getByTestId("status-link-expiry")).toContainText("IST");
  link = await page.getByTestId("status-link-url").inputValue();
  expect(link).toMatch(/\/status\/[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);

  const visitor = await anonymousPage(browser);
  const res = await visitor.goto(new URL(link).pathname);
  expect(res?.status()).toBe(200);
  expect(res?.headers()["referrer-policy"]).toBe("no-referrer");
  expect(res?.headers()["x-robots-tag"]).toContain("noindex");
  expect(res?.headers()["cache-control"]).toContain("no-store");
  await expect(visitor).toHaveURL(/\/status\//);
  await expect(visitor.getByTestId("status-bill-number")).toHaveText(BILL);
  await expect(visitor.getByTestId("status-verdict")).toHaveText("Not dispatched yet");
  await expect(visitor.getByTestId("status-state")).toHaveText("Being loaded");
  await expect(visitor.getByTestId("status-parents")).toHaveText("2");
  await expect(visitor.getByTestId("status-weight")).toHaveText("0 kg");
  await expect(visitor.getByTestId("status-as-of")).toContainText(/As of .+ IST/);
  await expect(visitor.getByTestId("status-expires")).toContainText(/works until .+ IST/);
  await expectNoNames(visitor);

  // The same facts as JSON, for anyone with the link.
  const api = await visitor.request.get(`/api/status/${new URL(link).pathname.split("/").pop()}`);
  expect(api.status()).toBe(200);
  expect(((await api.json()) as { status: Record<string, unknown> }).status).toMatchObject({ billNumber: BILL, dispatched: false, state: "being_loaded", parents: 2, weightKg: 0 });
});

test("a link with one character changed is not valid (page 404, JSON 400 invalid_link)", async ({ browser }) => {
  const path = new URL(link).pathname;
  const last = path.at(-1) === "A" ? "B" : "A";
  const tampered = path.slice(0, -1) + last;
  const visitor = await anonymousPage(browser);
  const res = await visitor.goto(tampered);
  expect(res?.status()).toBe(404);
  await expect(visitor.getByTestId("status-refusal-message")).toHaveText(INVALID);
  await expect(visitor.getByText(BILL)).toHaveCount(0);
  // A changed bill id is refused the same way.
  const [id, ...rest] = (path.split("/").pop() ?? "").split(".");
  const otherBill = `/status/${id === "1" ? "2" : "1"}.${rest.join(".")}`;
  expect((await visitor.goto(otherBill))?.status()).toBe(404);
  await expect(visitor.getByTestId("status-refusal-message")).toHaveText(INVALID);
  const api = await visitor.request.get(`/api/status/${tampered.split("/").pop()}`);
  expect([api.status(), ((await api.json()) as { error: { code: string } }).error.code]).toEqual([400, "invalid_link"]);
});

test("the dispatch sheet and the printed pass carry its QR; once the gate admits the truck the link says Dispatched", async ({ browser }) => {
  test.setTimeout(60_000);
  const page = await (await contextAs(browser, "biller")).newPage();
  await openAs(page, "biller");
  expect((await page.request.post(`/api/bills/${BILL}/complete`, { data: {} })).status()).toBe(200);

  await page.goto(`/bills/${BILL}/print`);
  const track = page.getByTestId("track-this-load");
  await expect(track).toContainText("Track this load");
  await expect(track.getByRole("img", { name: "QR code: track this load" })).toHaveAttribute("src", /^data:image\/svg\+xml;base64,/);
  await expect(page.getByTestId("track-this-load-expiry")).toContainText(/Link works until .+ IST/);

  const issued = await page.request.post("/api/passes", { data: { billNumber: BILL, driverName: DRIVER, driverPhone: "9829079200", vehicleNumber: VEHICLE } });
  expect(issued.status()).toBe(201);
  const { code, payload } = ((await issued.json()) as { pass: { code: string; payload: string } }).pass;
  await page.goto(`/passes/${code}/print`);
  await expect(page.getByTestId("printed-pass").getByTestId("track-this-load")).toContainText("Track this load");
  // Still one A5 sheet with the QR added.
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  expect(pdf.toString("latin1").match(/\/Type\s*\/Page\b/g)?.length, "printed pages").toBe(1);

  // The guard's station sends what the wedge scanner typed: the pass's signed QR text.
  const gate = await (await contextAs(browser, "gate")).newPage();
  const scan = await gate.request.post("/api/gate/scan", { data: { payload } });
  expect(scan.status()).toBe(200);

  const visitor = await anonymousPage(browser);
  await visitor.goto(new URL(link).pathname);
  await expect(visitor.getByTestId("status-verdict")).toHaveText("Dispatched");
  await expect(visitor.getByTestId("status-dispatched-at")).toContainText(/Left the gate on .+ IST/);
  await expect(visitor.getByTestId("status-parents")).toHaveText("2");
  await expectNoNames(visitor);
});
