// Ops CLI: restore one backup file and check it (README "Backups and restore").
//   npm run restore -- <file> --into <postgres-url | database-name | pglite-dir> [--force] [--manifest <dir>]
// 1. the file's SHA-256 must match its entry in manifest.json (beside it, or --manifest <dir>);
// 2. a target that holds any table is refused unless --force (which drops and recreates the
//    public schema, or deletes the PGlite directory); a database name that does not exist yet
//    is created on DATABASE_URL's server;
// 3. pg_restore --no-owner (PGlite: loadDataDir into a new data directory);
// 4. every table's row count is compared with the manifest's and printed; exit 1 on a mismatch,
//    2 when refused before anything was written.
import { parseArgs } from "node:util";
import { formatComparison } from "../lib/server/backups/row-counts";
import { RestoreError, restoreBackup } from "../lib/server/backups/restore";
import { failureText } from "../lib/server/backups/service";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { into: { type: "string" }, force: { type: "boolean", default: false }, manifest: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0 || !values.into) {
    console.error("usage: npm run restore -- <file> --into <postgres-url | database-name | pglite-dir> [--force] [--manifest <dir>]");
    return 2;
  }
  const result = await restoreBackup({
    file,
    into: values.into,
    force: values.force,
    manifestDir: values.manifest,
    serverUrl: process.env.DATABASE_URL?.trim() || undefined,
    log: (line) => console.log(line),
  });
  console.log(`restored ${result.entry.file} into ${result.target} in ${result.durationMs} ms`);
  console.log(formatComparison(result.comparison));
  const bad = result.comparison.filter((c) => !c.ok).length;
  console.log(bad === 0 ? `all ${result.comparison.length} tables match the manifest` : `${bad} of ${result.comparison.length} tables DO NOT match the manifest`);
  return bad === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof RestoreError) {
      console.error(`refused (${err.code}): ${err.message}`);
      process.exit(2);
    }
    console.error(`restore failed: ${failureText(err)}`);
    process.exit(1);
  },
);
