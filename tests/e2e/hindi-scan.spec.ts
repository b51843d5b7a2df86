import { readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { expect, test } from "./fixtures";
import { openAs, scanByKeyboard, storageStateOf } from "./helpers";

// Issue 19: the scan station in Hindi, the floor's first language. The dispatcher has no language
// of their own (users.locale null), so this browser's choice decides: the tt-locale cookie the
// language menu sets. Every sentence expected is read from messages/hi and filled with the scan's
// values, as the station fills it. Labels SB79500…SB79599 and children 7950000…7959999 are this spec's.

const MESSAGES_DIR = path.resolve("messages/hi");
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(MESSAGES_DIR, file), "utf8")) as Record<string, unknown>;
const hi = createTranslator({
  locale: "hi",
  messages: { scan: read("scan.json"), station: read("station.json"), errors: read("errors/scan.json") },
}) as unknown as (key: string, values?: Record<string, string | number>) => string;

test.use({ storageState: storageStateOf("dispatcher") });

test("a Hindi reader packs a parent at /scan and reads every answer in Hindi: new parent, children, a repeat, an unreadable label, undo, a child on another parent", async ({ page, baseURL }) => {
  await page.context().addCookies([{ name: "tt-locale", value: "hi", url: baseURL ?? "" }]);
  await openAs(page, "dispatcher", "/scan");
  await expect(page.locator("html")).toHaveAttribute("lang", "hi");
  await expect(page.getByRole("heading", { name: hi("scan.page.heading") })).toBeVisible();

  const input = page.getByLabel(hi("station.input.label"));
  const feedback = page.getByTestId("scan-feedback");
  const counter = page.getByTestId("parent-counter");
  const history = page.getByTestId("scan-history").getByRole("listitem");
  await expect(input).toBeFocused();
  await expect(feedback).toContainText(hi("scan.machine.idle"));

  await scanByKeyboard(page, "SB79501");
  await expect(feedback).toHaveAttribute("data-state", "ok");
  await expect(feedback).toContainText(hi("scan.machine.parentNew", { qr: "SB79501", count: 0, capacity: 30 }));
  await expect(feedback).toContainText(hi("station.outcome.ok"));
  await expect(counter).toHaveText("0 / 30");

  await scanByKeyboard(page, "7950001");
  await expect(feedback).toContainText(hi("scan.machine.childPacked", { child: "7950001", parent: "SB79501", count: 1, capacity: 30 }));
  await scanByKeyboard(page, "7950002");
  await expect(feedback).toContainText(hi("scan.machine.childPacked", { child: "7950002", parent: "SB79501", count: 2, capacity: 30 }));
  await expect(counter).toHaveText("2 / 30");

  // The same child again: nothing changes, said as such.
  await scanByKeyboard(page, "7950002");
  await expect(feedback).toHaveAttribute("data-state", "duplicate");
  await expect(feedback).toContainText(hi("scan.machine.childDuplicate", { child: "7950002", parent: "SB79501", count: 2, capacity: 30 }));
  await expect(feedback).toContainText(hi("station.outcome.duplicate"));
  await expect(counter).toHaveText("2 / 30");

  // An unreadable label is refused by the station itself, before any request.
  await scanByKeyboard(page, "HELLO!");
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText(hi("errors.scan_invalid_qr_not_a_label", { qr: "HELLO!" }));
  await expect(feedback).toContainText(hi("station.outcome.error"));

  // F2 takes the last child back out.
  await page.keyboard.press("F2");
  await expect(feedback).toHaveAttribute("data-state", "undone");
  await expect(feedback).toContainText(hi("scan.machine.undone", { child: "7950002", parent: "SB79501", count: 1, capacity: 30 }));
  await expect(counter).toHaveText("1 / 30");

  // A child already on another parent: the server's refusal, in Hindi.
  await scanByKeyboard(page, "SB79502");
  await expect(feedback).toContainText(hi("scan.machine.parentNew", { qr: "SB79502", count: 0, capacity: 30 }));
  await scanByKeyboard(page, "7950001");
  await expect(feedback).toHaveAttribute("data-state", "error");
  await expect(feedback).toContainText(hi("errors.scan_linked_elsewhere", { child: "7950001", parent: "SB79501" }));
  await expect(counter).toHaveText("0 / 30");
  await expect(input).toBeFocused();

  // The last scans, newest first, as they were said.
  await expect(page.getByRole("heading", { name: hi("station.history.title", { count: 10 }) })).toBeVisible();
  await expect(history.first()).toContainText(hi("errors.scan_linked_elsewhere", { child: "7950001", parent: "SB79501" }));
  await expect(history.nth(3)).toContainText(hi("errors.scan_invalid_qr_not_a_label", { qr: "HELLO!" }));
});
