import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { openAs, storageStateOf, scanByKeyboard } from "./helpers";

// A scan-data spec (playwright.config.ts). Its own labels: parents SB74RRn, children 74RRnnn,
// RR from the clock, so a re-run against the same server makes new ones.
const RUN = String(Date.now() % 100).padStart(2, "0");
const parentQr = (n: number) => `SB74${RUN}${n}`;
let childSeq = 0;
const nextChild = () => `74${RUN}${String((childSeq += 1)).padStart(3, "0")}`;
const SCAN_LABEL = "Scan or type a bag label, then Enter";

/** What a keyboard-wedge scanner does: type the label, press Enter. */
async function wedge(page: Page, label: string) {
  await scanByKeyboard(page, label);
}

/** Scans a new parent and `n` new children into it at the station; returns the children, oldest first. */
async function packParent(page: Page, qr: string, n: number): Promise<string[]> {
  await wedge(page, qr);
  await expect(page.getByTestId("parent-qr")).toHaveText(qr);
  const children = Array.from({ length: n }, nextChild);
  for (const child of children) await wedge(page, child);
  await expect(page.getByTestId("parent-counter")).toHaveText(`${n} / 30`);
  return children;
}

test.describe.configure({ mode: "serial" });
test.use({ storageState: storageStateOf("dispatcher") });

test("a dispatcher takes the 3rd of 5 children off by F4 and a scan, and by the list's Remove button, by keyboard", async ({ page }) => {
  await openAs(page, "dispatcher", "/scan");
  const input = page.getByLabel(SCAN_LABEL);
  const feedback = page.getByTestId("scan-feedback");
  const counter = page.getByTestId("parent-counter");
  const armed = page.getByTestId("remove-armed");
  await expect(input).toBeFocused();

  // F4 arms the removal; the next scan takes that child off instead of packing it.
  const first = parentQr(1);
  const children = await packParent(page, first, 5);
  const third = children[2] ?? "";
  await page.keyboard.press("F4");
  await expect(armed).toBeVisible();
  await expect(armed).toContainText(`scan the child to take off ${first}`);
  await expect(page.getByRole("button", { name: /Cancel removal/ })).toHaveAttribute("aria-pressed", "true");
  await expect(input).toBeFocused();
  await wedge(page, third);
  await expect(feedback).toHaveAttribute("data-state", "undone");
  await expect(feedback).toContainText(`Removed: ${third} taken off ${first} — 4/30.`);
  await expect(counter).toHaveText("4 / 30");
  await expect(page.getByTestId("scan-history").getByRole("listitem").first()).toContainText(third);
  // One shot: the next scan packs again (the removed child is free).
  await expect(armed).toHaveCount(0);
  await wedge(page, third);
  await expect(feedback).toHaveAttribute("data-state", "ok");
  await expect(counter).toHaveText("5 / 30");
  // Esc disarms without removing anything.
  await page.keyboard.press("F4");
  await expect(armed).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(armed).toHaveCount(0);
  const sixth = nextChild();
  await wedge(page, sixth);
  await expect(counter).toHaveText("6 / 30");
  // A child of another parent is refused, naming where it is.
  await page.keyboard.press("F4");
  await wedge(page, "1000004");
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText("is not on parent");
  await expect(feedback).toContainText("M444-00001");
  await expect(counter).toHaveText("6 / 30");

  // The list: newest first, who packed each; Remove asks first (Cancel has the focus).
  const second = parentQr(2);
  const listed = await packParent(page, second, 5);
  const target = listed[2] ?? "";
  await page.getByTestId("parent-children").getByText(/^Children on this parent/).click();
  const rows = page.getByRole("list", { name: `Children on ${second}, newest first` }).getByRole("listitem");
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText(listed[4] ?? "");
  await expect(rows.first()).toContainText("dispatcher");
  const remove = page.getByRole("button", { name: `Remove ${target}`, exact: true });
  await expect(remove).toBeEnabled();
  await remove.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Remove ${target} from ${second}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Remove child" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(feedback).toContainText(`Removed: ${target} taken off ${second} — 4/30.`);
  await expect(counter).toHaveText("4 / 30");
  await expect(rows).toHaveCount(4);
  await expect(page.getByRole("button", { name: `Remove ${target}`, exact: true })).toHaveCount(0);
  await expect(input).toBeFocused();

  // The bag page keeps the history: the child's link, undone, and the removal.
  await page.goto(`/bags/${target}`);
  await expect(page.getByText("Not packed").first()).toBeVisible();
  await expect(page.getByTestId("bag-scan-history")).toContainText("Removed");
});

test("a dispatcher finishes a parent at 4 with a reason: scans are refused, it leaves the Packing list, and reopening takes scans again", async ({ page }) => {
  await openAs(page, "dispatcher", "/scan");
  const feedback = page.getByTestId("scan-feedback");
  const counter = page.getByTestId("parent-counter");
  const open = parentQr(4);
  await packParent(page, open, 2);
  const sealed = parentQr(3);
  await packParent(page, sealed, 4);

  await page.getByRole("button", { name: "Finish at 4" }).click();
  const dialog = page.getByRole("dialog", { name: `Finish ${sealed} at 4 of 30?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Short lot")).toBeFocused();
  await expect(dialog.getByLabel("Short lot")).toBeChecked();
  await dialog.getByRole("button", { name: "Finish at 4" }).click();
  await expect(dialog).toBeHidden();
  await expect(feedback).toHaveAttribute("data-state", "complete");
  await expect(feedback).toContainText(`Parent ${sealed} finished at 4 of 30 (Short lot). Scan the next parent.`);
  await expect(page.getByTestId("parent-finished")).toContainText("Finished at 4 / 30 — Short lot");
  await expect(page.getByRole("button", { name: "Finish at 4" })).toHaveCount(0);

  // A child scan into it is refused, saying how to go on.
  const refused = nextChild();
  await wedge(page, refused);
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText(`Parent ${sealed} was finished at 4 of 30 (Short lot). Reopen it to add bags.`);
  await expect(counter).toHaveText("4 / 30");

  // The Packing filter no longer lists it (the open one still is); Complete or finished does.
  await page.goto("/bags");
  await page.getByLabel("QR starts with").fill(`SB74${RUN}`);
  await page.getByLabel("Status (parents)").selectOption({ label: "Packing" });
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=in_progress/);
  const table = page.getByTestId("bag-table");
  await expect(table.getByRole("link", { name: open, exact: true })).toBeVisible();
  await expect(table.getByRole("link", { name: sealed, exact: true })).toHaveCount(0);
  await page.goto(`/bags?status=completed&q=${sealed}`);
  await expect(table.getByRole("row").filter({ hasText: sealed })).toContainText("Finished");

  await page.goto(`/bags/${sealed}`);
  await expect(page.getByTestId("bag-finished")).toHaveText(/^Finished at 4 of 30 — Short lot, by dispatcher, .+ IST$/);

  // Reopen at the station, and the same child lands.
  await page.goto("/scan");
  await expect(page.getByLabel(SCAN_LABEL)).toBeFocused();
  await wedge(page, sealed);
  await expect(page.getByTestId("parent-finished")).toBeVisible();
  await page.getByRole("button", { name: `Reopen ${sealed}` }).click();
  await expect(feedback).toHaveAttribute("data-state", "ok");
  await expect(feedback).toContainText(`Parent ${sealed} reopened — 4/30.`);
  await expect(page.getByTestId("parent-finished")).toHaveCount(0);
  await expect(page.getByLabel(SCAN_LABEL)).toBeFocused();
  await wedge(page, refused);
  await expect(feedback).toHaveAttribute("data-state", "ok");
  await expect(counter).toHaveText("5 / 30");

  await page.goto(`/bags?status=in_progress&q=${sealed}`);
  await expect(page.getByTestId("bag-table").getByRole("link", { name: sealed, exact: true })).toBeVisible();
});
