import type { APIRequestContext } from "@playwright/test";
import { request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { contextAs, createUser, enrolTotp, openAs, scanByKeyboard, signInAs, signInFirstTime, totpCode, uniqueName } from "./helpers";

// Issue 17: registration → an admin assigns the area → the user scans; a promotion approved end
// to end; an admin resets a user's 2FA; an API token over plain HTTP (no browser, no cookie).
// Labels: parents SB78001–SB78003, children 78001xx.

const SCAN_LABEL = "Scan or type a bag label, then Enter";

test.describe.configure({ mode: "serial" });
test.setTimeout(120_000);

test("a stranger registers, cannot scan until an admin assigns an area, then scans", async ({ browser }) => {
  const username = uniqueName("reg");
  const password = "floor-pass-7731";
  const visitor = await browser.newContext();
  const page = await visitor.newPage();
  await page.goto("/login");
  await page.getByRole("link", { name: "Create an account" }).click();
  await expect(page).toHaveURL(/\/register$/);
  const form = page.getByTestId("register-form");
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Email").fill(`${username}@floor.example`);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByLabel("Password again").fill(password);
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("registered-notice")).toContainText("an admin must assign your dispatch area");

  await signInAs(page, username, password);
  await page.goto("/scan");
  await expect(page.getByTestId("no-area")).toContainText("An admin must assign one before you can scan.");
  await expect(page.getByLabel(SCAN_LABEL)).toHaveCount(0);
  // The JSON route says the same, and nothing is written.
  const refused = await page.request.post("/api/scan/parent", { data: { qr: "SB78003", area: "indore" } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("no_area");

  // The admin finds the new account and gives it an area.
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin", "/admin/users");
  await admin.getByRole("link", { name: `Edit ${username}` }).click();
  const edit = admin.getByTestId("user-edit-form");
  await edit.getByLabel("Dispatch area").selectOption("indore");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(admin.getByText(`Saved ${username}.`)).toBeVisible();

  // The same session scans on its next page (the area is read at every request).
  await page.goto("/scan");
  const input = page.getByLabel(SCAN_LABEL);
  await expect(input).toBeFocused();
  await scanByKeyboard(page, "SB78003");
  await expect(page.getByTestId("parent-qr")).toHaveText("SB78003");
  await scanByKeyboard(page, "7800301");
  await expect(page.getByTestId("parent-counter")).toHaveText("1 / 30");
  const bag = await page.request.get("/api/bag/SB78003");
  expect(bag.status()).toBe(200);
  expect(await bag.json()).toMatchObject({ bag: { childCount: 1 } });
  await adminContext.close();
  await visitor.close();
});

test("a dispatcher asks for promotion; the admin approves; the next sign-in is a biller's", async ({ browser }) => {
  const username = uniqueName("promo");
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  const temporary = await createUser(admin, { username, role: "dispatcher", email: `${username}@floor.example` });
  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  await signInFirstTime(user, username, temporary, "promo-pass-8842");

  await user.goto("/profile");
  const form = user.getByTestId("promotion-form");
  await form.getByLabel("Role you are asking for").selectOption("biller");
  await form.getByLabel("Reason").fill("I run the Lucknow office's billing on night shifts.");
  await form.getByRole("button", { name: "Request promotion" }).click();
  await expect(user.getByTestId("promotion-pending")).toBeVisible();
  await expect(user.getByTestId("promotion-form")).toHaveCount(0);

  await admin.goto("/admin/promotions");
  const row = admin.getByTestId(`promotion-row-${username}`);
  await expect(row).toContainText("night shifts");
  await row.getByLabel(`Note to ${username} (optional)`).fill("Welcome to billing.");
  await row.getByRole("button", { name: "Approve" }).click();
  await expect(admin.getByTestId(`promotion-row-${username}`)).toHaveCount(0);
  await expect(admin.getByTestId("promotions-decided")).toContainText(username);

  // The role change ended the user's sessions: the next page asks them to sign in again.
  await user.goto("/bills");
  await expect(user).toHaveURL(/\/login/);
  await signInAs(user, username, "promo-pass-8842", "/bills");
  await expect(user).toHaveURL(/\/bills$/);
  await user.goto("/profile");
  await expect(user.getByTestId("promotion-last-decision")).toHaveAttribute("data-status", "approved");
  await expect(user.getByTestId("promotion-last-decision")).toContainText("Welcome to billing.");
  // The requester was told by mail (the outbox, without SMTP).
  await admin.goto("/admin/outbox");
  await expect(admin.getByText(`${username}@floor.example`).first()).toBeVisible();
  await adminContext.close();
  await userContext.close();
});

test("an admin resets a user's lost 2FA with their own code; the user signs in without it and may enrol again", async ({ browser }) => {
  const username = uniqueName("lost2fa");
  const password = "lost-2fa-pass-5521";
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  const temporary = await createUser(admin, { username, role: "biller" });
  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  await signInFirstTime(user, username, temporary, password);
  await user.goto("/2fa/setup");
  await enrolTotp(user, username);

  // The phone is lost: the admin resets it from the user's page, confirming with their own code.
  await admin.goto("/admin/users");
  await admin.getByTestId(`user-row-${username}`).getByRole("link", { name: username, exact: true }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText(username);
  await expect(admin.getByTestId("user-facts").getByRole("definition").nth(4)).toHaveText("On");
  const reset = admin.getByTestId("reset-2fa-form");
  await reset.getByLabel("Your current 2FA code").fill(await totpCode(admin, "admin"));
  await reset.getByRole("button", { name: "Reset two-factor" }).click();
  await expect(admin.getByTestId("reset-2fa-none")).toBeVisible();

  // The user's session ended; the next sign-in asks for no code.
  await user.goto("/dashboard");
  await expect(user).toHaveURL(/\/login/);
  await user.getByLabel("Username").fill(username);
  await user.getByLabel("Password").fill(password);
  await user.getByRole("button", { name: "Sign in" }).click();
  await expect(user).toHaveURL(/\/dashboard/);
  await expect(user.getByTestId("current-user")).toContainText(username);

  // The audit log names the reset.
  await admin.goto(`/admin/audit?action=2fa_reset_by_admin`);
  await expect(admin.getByText("2fa_reset_by_admin").first()).toBeVisible();
  await adminContext.close();
  await userContext.close();
});

test("an API token over plain HTTP: scans in its area, refused in another, 401 once revoked", async ({ browser, baseURL }) => {
  const adminContext = await contextAs(browser, "admin");
  const admin = await adminContext.newPage();
  await openAs(admin, "admin");
  const origin = baseURL ?? "";
  const issue = async (body: Record<string, string>) => {
    const res = await admin.request.post("/api/admin/tokens", { data: body, headers: { origin } });
    expect(res.status()).toBe(201);
    return (await res.json()) as { token: string; id: string; prefix: string };
  };
  const lucknow = await issue({ name: "e2e scanner lucknow", role: "dispatcher", area: "lucknow" });
  const indore = await issue({ name: "e2e scanner indore", role: "dispatcher", area: "indore" });
  expect(lucknow.token).toMatch(/^tt_[A-Za-z0-9_-]{40,}$/);
  expect(lucknow.token.startsWith(lucknow.prefix)).toBe(true);

  // A client with no cookie jar at all: only the bearer header.
  const plain = async (token: string): Promise<APIRequestContext> =>
    playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const scanner = await plain(lucknow.token);
  const parent = await scanner.post("/api/scan/parent", { data: { qr: "SB78001" } });
  expect(parent.status()).toBe(200);
  expect((await parent.json()).parent).toMatchObject({ qr: "SB78001", created: true });
  const child = await scanner.post("/api/scan/child", { data: { parentQr: "SB78001", qr: "7800101" } });
  expect(child.status()).toBe(200);
  expect(await child.json()).toMatchObject({ result: "linked", childCount: 1 });

  // Another area's parent: refused, and nothing is linked.
  const other = await plain(indore.token);
  expect((await other.post("/api/scan/parent", { data: { qr: "SB78002" } })).status()).toBe(200);
  const wrongArea = await scanner.post("/api/scan/parent", { data: { qr: "SB78002" } });
  expect(wrongArea.status()).toBe(403);
  expect((await wrongArea.json()).error.code).toBe("wrong_area");
  const intoOther = await scanner.post("/api/scan/child", { data: { parentQr: "SB78002", qr: "7800102" } });
  expect(intoOther.status()).toBe(404);
  const seen = await other.get("/api/bag/SB78002");
  expect(await seen.json()).toMatchObject({ bag: { childCount: 0 } });

  // The list shows the token's use, never its secret.
  const list = await admin.request.get("/api/admin/tokens");
  const listed = JSON.stringify(await list.json());
  expect(listed).toContain(lucknow.prefix);
  expect(listed).not.toContain(lucknow.token);

  // Revoked: the next request is a 401 with the contract's error shape.
  expect((await admin.request.delete(`/api/admin/tokens/${lucknow.id}`, { headers: { origin } })).status()).toBe(204);
  const after = await scanner.post("/api/scan/child", { data: { parentQr: "SB78001", qr: "7800103" } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("invalid_token");
  expect((await (await admin.request.get("/api/bag/SB78001")).json()).bag.childCount).toBe(1);
  await admin.request.delete(`/api/admin/tokens/${indore.id}`, { headers: { origin } });
  await scanner.dispose();
  await other.dispose();
  await adminContext.close();
});
