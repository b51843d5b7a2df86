import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { storageStateOf } from "./helpers";

// /admin/backups (issue 14): "Back up now" writes a backup through the running server's own
// database, lists it, and the download is that very file (its SHA-256 is the one listed).
test.use({ storageState: storageStateOf("admin") });

test("an admin backs up now, sees the backup listed, and downloads exactly the file whose checksum is shown", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto("/admin/backups");
  await expect(page.getByRole("heading", { name: "Backups" })).toBeVisible();
  await expect(page.getByText("Scheduled backups off (BACKUP_SCHEDULE). Manual backups only.")).toBeVisible();
  await page.getByRole("button", { name: "Back up now" }).click();
  await expect(page.getByText(/^Backup tracetrack-manual-\d{8}T\d{6}Z\.tar\.gz created: /)).toBeVisible({ timeout: 30_000 });
  const row = page.locator('[data-testid^="backup-row-tracetrack-manual-"]').first();
  await expect(row).toContainText("PGlite");
  const file = ((await row.getAttribute("data-testid")) ?? "").replace("backup-row-", "");
  const shaCell = row.locator("td").nth(8);
  const shownSha = (await shaCell.innerText()).trim();
  const fullSha = (await shaCell.getAttribute("title")) ?? "";
  expect(fullSha).toMatch(/^[0-9a-f]{64}$/);
  expect(fullSha.startsWith(shownSha.replace(/…$/, ""))).toBe(true);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: `Download ${file}` }).click()]);
  expect(download.suggestedFilename()).toBe(file);
  const bytes = readFileSync((await download.path()) ?? "");
  expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(fullSha);

  // Both are on the audit log.
  await page.goto("/admin/audit?action=backup_downloaded");
  await expect(page.getByText(file).first()).toBeVisible();
});
