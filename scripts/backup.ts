// Ops CLI: one backup into BACKUP_DIR with its SHA-256 and manifest entry (README "Backups and restore").
//   npm run backup                 a "manual" backup (never pruned)
//   npm run backup -- --kind daily a scheduled kind (hourly|daily), then pruned to BACKUP_*_KEEP
// PostgreSQL (DATABASE_URL): pg_dump --format=custom, safe while the app runs.
// Embedded PGlite: its data-dir dump (gzip tarball). A PGlite directory has one owner: with the
// server running use /admin/backups → "Back up now" (or its schedule) instead; this refuses.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../db/client";
import { BACKUP_KINDS, type BackupKind } from "../lib/dto/backups";
import { writeAudit } from "../lib/server/audit";
import { backupSettings } from "../lib/server/backups/config";
import { createBackup } from "../lib/server/backups/dump";
import { pruneBackups } from "../lib/server/backups/retention";
import { backupSourceOf, failureText, pgliteOwnerFile } from "../lib/server/backups/service";
import { parseEnv } from "../lib/server/env";

function pgliteOwner(pgliteDir: string): number | null {
  const file = pgliteOwnerFile(pgliteDir);
  if (!existsSync(file)) return null;
  try {
    const owner = JSON.parse(readFileSync(file, "utf8")) as { pid: number; pgliteDir: string };
    if (path.resolve(owner.pgliteDir) !== path.resolve(pgliteDir) || owner.pid === process.pid) return null;
    process.kill(owner.pid, 0);
    return owner.pid;
  } catch {
    return null;
  }
}

async function main() {
  const { values } = parseArgs({ options: { kind: { type: "string", default: "manual" } }, strict: true });
  const kind = values.kind as BackupKind;
  if (!BACKUP_KINDS.includes(kind)) throw new Error(`--kind must be one of ${BACKUP_KINDS.join(", ")}`);
  const env = parseEnv(process.env);
  const settings = backupSettings(env);
  if (!env.DATABASE_URL) {
    const pid = pgliteOwner(env.PGLITE_DIR);
    if (pid) {
      throw new Error(
        `the server (pid ${pid}) has the PGlite directory ${env.PGLITE_DIR} open; a second process would damage it. ` +
          `Use /admin/backups → "Back up now", or stop the server first.`,
      );
    }
    if (!existsSync(path.join(env.PGLITE_DIR, "PG_VERSION"))) throw new Error(`no PGlite database in ${env.PGLITE_DIR} (PGLITE_DIR)`);
  }
  const handle = createDb({ url: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, poolMax: 1 });
  try {
    if (handle.kind === "pglite") await (handle.db as unknown as { $client: { waitReady: Promise<void> } }).$client.waitReady;
    const entry = await createBackup(backupSourceOf(handle, env), { dir: settings.dir, kind });
    const pruned = kind === "manual" ? [] : await pruneBackups(settings.dir, settings.retention);
    await writeAudit(handle.db, {
      action: "backup_created",
      actor: "system",
      entityType: "backup",
      entityId: entry.file,
      details: { file: entry.file, kind, engine: entry.engine, sizeBytes: entry.sizeBytes, durationMs: entry.durationMs, sha256: entry.sha256, via: "cli" },
    });
    console.log(`${path.join(settings.dir, entry.file)}`);
    console.log(`  engine ${entry.engine}, ${entry.sizeBytes} bytes in ${entry.durationMs} ms, sha256 ${entry.sha256}`);
    console.log(`  rows: ${Object.entries(entry.rowCounts).map(([t, n]) => `${t}=${n}`).join(" ")}`);
    if (pruned.length > 0) console.log(`  pruned: ${pruned.join(", ")}`);
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  console.error(`backup failed: ${failureText(err)}`);
  process.exit(1);
});
