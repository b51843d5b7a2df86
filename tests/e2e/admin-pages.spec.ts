import { expect, test } from "./fixtures";
import { createUser, openAs, storageStateOf, uniqueName } from "./helpers";

// Issue 13, items 7 and 9: the admin's office pages. Each test makes its own user or bill (no
// bags, no scans: no counter another spec reads moves).

test.use({ storageState: storageStateOf("admin") });

test("Create a user keeps what was typed when the dispatcher's area is missing, then creates them", async ({ page }) => {
  const username = uniqueName("keep");
  const email = `${username}@example.com`;
  await openAs(page, "admin", "/admin/users");
  await page.getByText("Create a user").click();
  await page.getByLabel("New username").fill(username);
  await page.getByLabel("Email (for reset links)").fill(email);
  await page.getByLabel("Role").selectOption("dispatcher");
  await page.getByLabel("Dispatch area").selectOption("");
  await page.getByRole("button", { name: "Create user" }).click();

  await expect(page.getByLabel("Dispatch area")).toHaveAccessibleDescription("A dispatcher needs a dispatch area.");
  await expect(page.getByLabel("New username")).toHaveValue(username);
  await expect(page.getByLabel("Email (for reset links)")).toHaveValue(email);
  await expect(page.getByLabel("Role")).toHaveValue("dispatcher");

  await page.getByLabel("Dispatch area").selectOption("ranchi");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("new-user-password")).toBeVisible();
  await expect(page.getByText(`User ${username} created.`)).toBeVisible();
  await expect(page.getByTestId(`user-row-${username}`)).toContainText("Ranchi");
});

test("the audit log links a bill event to the bill by its number, and names users instead of ids", async ({ page }) => {
  const billNumber = uniqueName("AUD").toUpperCase();
  const username = uniqueName("audited");
  await openAs(page, "admin", "/admin/users");
  await createUser(page, { username, role: "biller" });
  expect((await page.request.post("/api/bills", { data: { billNumber, capacity: 2 } })).status()).toBe(201);

  await page.goto("/admin/audit?action=bill_created");
  const table = page.getByTestId("audit-table");
  const billLink = table.getByRole("link", { name: billNumber, exact: true });
  await expect(billLink).toHaveAttribute("href", `/bills/${billNumber}`);
  // `has` is matched inside each row, so it names the link from the page, not from the table.
  const billRow = table.getByRole("row").filter({ has: page.getByRole("link", { name: billNumber, exact: true }) });
  await expect(billRow.getByRole("link", { name: "admin", exact: true })).toHaveAttribute("href", "/admin/users#user-admin");
  // The action filter suggests data events, not only sign-in ones.
  await expect(page.locator('#audit-actions option[value="child_linked"]')).toHaveCount(1);
  await expect(page.locator('#audit-actions option[value="bill_parent_added"]')).toHaveCount(1);

  await page.goto("/admin/audit?action=user_created&entityType=user");
  const userLink = table.getByRole("link", { name: username, exact: true });
  const userRow = table.getByRole("row").filter({ has: page.getByRole("link", { name: username, exact: true }) });
  // The entity column reads "User <name>": no UUID.
  await expect(userRow.getByRole("cell").nth(3)).toHaveText(`User ${username}`);
  await userLink.click();
  await expect(page).toHaveURL(new RegExp(`/admin/users#user-${username}$`));
  await expect(page.getByTestId(`user-row-${username}`)).toBeInViewport();

  await page.goto("/admin/audit?action=bill_created");
  await billLink.click();
  await expect(page).toHaveURL(new RegExp(`/bills/${billNumber}$`));
});

test("the session list names the browser and system, keeping the raw user agent on hover", async ({ page }) => {
  await openAs(page, "admin", "/admin/sessions?user=admin");
  // This test's own session (signed in by the setup project in desktop Chrome).
  const device = page.getByTestId("session-row-admin").filter({ hasText: "this session" }).getByRole("cell").nth(2);
  await expect(device).toHaveText(/^Chrome \d+ on \S+/);
  await expect(device).toHaveAttribute("title", /Mozilla\/5\.0/);
});
