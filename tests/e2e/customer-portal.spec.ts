import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { expect, test } from "./fixtures";
import { contextAs, openAs, uniqueName } from "./helpers";

// The customer portal end to end (issue 15, DESIGN.md §8): an admin creates a customer account,
// the welcome mail is in the outbox, the dealer signs in with the temporary password and must
// change it, works the grid (search, a cascading filter, sort, reload keeps the view, export of
// exactly the shown rows), is refused the staff pages, and is signed out at the next click once
// the admin deactivates the account. Analytics shows those logins.

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

const run = uniqueName("e2e").replace(/[^a-z0-9]/gi, "");
const CUSTOMER_A = `Portal Dealer A ${run}`;
const CUSTOMER_B = `Portal Dealer B ${run}`;
const OTHER = `Portal Other ${run}`;
const EMAIL = `dealer-${run}@example.com`.toLowerCase();
const CHOSEN = `portal-pass-${run}`;
// 30 bills for A (more than one page of 25), 4 for B, 3 for a customer the account never sees.
const BILLS = [
  ...Array.from({ length: 30 }, (_, i) => ({ number: `PA-${run}-${String(i + 1).padStart(2, "0")}`, customer: CUSTOMER_A })),
  ...Array.from({ length: 4 }, (_, i) => ({ number: `PB-${run}-${i + 1}`, customer: CUSTOMER_B })),
  ...Array.from({ length: 3 }, (_, i) => ({ number: `PX-${run}-${i + 1}`, customer: OTHER })),
];

let temporary = "";
let accountUrl = "";
let viewUrl = "";

test("an admin creates a customer account; the welcome mail is in the outbox", async ({ browser }) => {
  const billerContext = await contextAs(browser, "biller");
  const biller = await billerContext.newPage();
  await openAs(biller, "biller");
  for (const bill of BILLS) {
    const res = await biller.request.post("/api/bills", { data: { billNumber: bill.number, capacity: 5, customer: bill.customer } });
    expect(res.status(), bill.number).toBe(201);
  }
  await billerContext.close();

  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin", "/admin/customers");
  await admin.getByLabel("Customer account email").fill(EMAIL);
  await admin.getByLabel("Name", { exact: true }).fill(`Dealer ${run}`);
  for (const name of [CUSTOMER_A, CUSTOMER_B]) {
    await admin.getByLabel("Add customer").fill(name);
    await admin.getByLabel("Add customer").press("Enter");
  }
  await admin.getByRole("button", { name: "Create customer account" }).click();
  const shown = admin.getByTestId("new-customer-password");
  await expect(shown).toBeVisible();
  temporary = ((await shown.textContent()) ?? "").trim();
  expect(temporary.length).toBeGreaterThanOrEqual(12);

  await admin.goto("/admin/customers");
  const row = admin.getByTestId("customer-account-row").filter({ hasText: EMAIL });
  await expect(row).toHaveCount(1);
  await row.getByRole("link").first().click();
  await expect(admin).toHaveURL(/\/admin\/customers\/[0-9a-f-]{36}$/);
  accountUrl = new URL(admin.url()).pathname;

  await admin.goto("/admin/outbox");
  const mail = admin.getByTestId("outbox").getByRole("listitem").filter({ hasText: `to ${EMAIL}` }).first();
  await expect(mail).toContainText("customer portal");
  // The outbox never shows a live credential: the temporary password is masked there.
  await expect(mail).not.toContainText(temporary);
  await adminContext.close();
});

test("the dealer signs in by email, must change the password, and works the grid", async ({ browser }) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Username or email").fill(EMAIL);
  await page.getByLabel("Password").fill(temporary);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/profile\/password/);
  await page.getByLabel("Current password").fill(temporary);
  await page.getByLabel("New password", { exact: true }).fill(CHOSEN);
  await page.getByLabel("New password again").fill(CHOSEN);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/portal/);

  const total = page.getByTestId("portal-total");
  // Only the account's two customers: 34 bills, never the other customer's 3.
  await expect(total).toHaveText("34");
  await expect(page.getByTestId("portal-row")).toHaveCount(25);
  await expect(page.getByText(`PX-${run}`)).toHaveCount(0);

  // Search across columns: the B bills by their number prefix.
  await page.getByLabel("Search bills").fill(`PB-${run}`);
  await expect(total).toHaveText("4");
  await page.getByLabel("Search bills").fill("");
  await expect(total).toHaveText("34");

  // Cascading filter: customer B, then the status choices are B's.
  await page.getByLabel("Customer").selectOption({ label: `${CUSTOMER_B} (4)` });
  await expect(total).toHaveText("4");
  await expect(page.getByLabel("Status").locator("option", { hasText: /new/i })).toHaveCount(1);

  // Sort by bill number, descending: PB-…-4 first.
  await page.getByRole("button", { name: /^Bill/ }).click();
  const firstRow = page.getByTestId("portal-row").first();
  await expect(firstRow).toContainText(`PB-${run}-1`);
  await page.getByRole("button", { name: /^Bill/ }).click();
  await expect(firstRow).toContainText(`PB-${run}-4`);

  // A reload shows the same view (URL + sessionStorage).
  const before = page.url();
  viewUrl = before;
  await page.reload();
  await expect(total).toHaveText("4");
  await expect(page.getByTestId("portal-row").first()).toContainText(`PB-${run}-4`);
  expect(page.url()).toBe(before);

  // Export: exactly the rows of "Showing N", in the grid's order.
  const exportLink = page.getByTestId("portal-export-xlsx");
  await expect(exportLink).toHaveText(/Export 4 rows/);
  const [download] = await Promise.all([page.waitForEvent("download"), exportLink.click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync((await download.path()) ?? "") as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  expect(sheet?.actualRowCount).toBe(5);
  expect(String(sheet?.getRow(2).getCell(1).value)).toBe(`PB-${run}-4`);
  expect(String(sheet?.getRow(5).getCell(1).value)).toBe(`PB-${run}-1`);

  // The bill page: its counts, no staff names.
  await page.getByTestId("portal-row").first().getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/portal/bills/PB-${run}-4$`));
  await expect(page.locator("main")).not.toContainText("biller");

  // Staff pages are refused.
  for (const path of ["/scan", "/bags", "/bills", "/admin"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
  }
  await page.goto("/portal");
  await expect(total).toHaveText("4");
  await context.storageState({ path: `.data/portal-${run}.json` });
  await context.close();
});

test("deactivation signs the dealer out at the next click; analytics shows the logins", async ({ browser }) => {
  const dealer = await browser.newContext({ storageState: `.data/portal-${run}.json` });
  const page = await dealer.newPage();
  // A shared link shows the same view (storage state carries cookies, not sessionStorage).
  await page.goto(viewUrl);
  await expect(page.getByTestId("portal-total")).toHaveText("4");

  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin", accountUrl);
  await admin.getByRole("button", { name: "Deactivate" }).click();
  await expect(admin.getByRole("button", { name: "Reactivate" })).toBeVisible();

  // The dealer's next click: back to the sign-in page, and a fresh sign-in is refused.
  await page.getByTestId("portal-row").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("Username or email").fill(EMAIL);
  await page.getByLabel("Password").fill(CHOSEN);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status")).toContainText("Wrong username or password.");
  await dealer.close();

  // Support's "view as": the portal as this account, said plainly.
  await admin.goto(accountUrl);
  await admin.getByRole("link", { name: "View portal as this account" }).click();
  await expect(admin.getByTestId("portal-view-as")).toContainText(`Viewing as ${EMAIL}`);
  await expect(admin.getByTestId("portal-total")).toHaveText("34");

  await admin.goto("/admin/analytics");
  const recent = admin.getByTestId("analytics-recent-logins");
  await expect(recent.getByTestId("analytics-recent-login").filter({ hasText: EMAIL }).first()).toBeVisible();
  expect(Number(await admin.getByTestId("analytics-customer-logins-7d").textContent())).toBeGreaterThanOrEqual(1);
  await adminContext.close();
});

test("a biller picks a known customer on the bill form with the keyboard; a new name becomes a customer", async ({ browser }) => {
  const context = await contextAs(browser, "biller");
  const page = await context.newPage();
  await openAs(page, "biller", "/bills/new");
  const bill = `PK-${run}`;
  await page.getByLabel("Bill number").fill(bill);
  await page.getByLabel("Parent bags expected (capacity)").fill("2");
  const customer = page.getByRole("combobox", { name: /Customer/ });
  await customer.fill(OTHER.toLowerCase().slice(0, 16));
  const option = page.getByRole("option", { name: OTHER });
  await expect(option).toBeVisible();
  await customer.press("ArrowDown");
  await expect(option).toHaveAttribute("aria-selected", "true");
  await customer.press("Enter");
  await expect(customer).toHaveValue(OTHER);
  await page.getByRole("button", { name: "Create bill" }).click();
  await expect(page).toHaveURL(new RegExp(`/bills/${bill}$`));
  await expect(page.getByText(OTHER).first()).toBeVisible();
  // The same customer row (its code), not a second one spelled differently.
  const found = (await (await page.request.get(`/api/customers?q=${encodeURIComponent(OTHER)}`)).json()) as { customers: { name: string }[] };
  expect(found.customers.map((c) => c.name)).toEqual([OTHER]);
  await context.close();
});
