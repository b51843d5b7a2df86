import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createTestDb } from "../support/db";

describe("migrations", () => {
  it("apply from zero and a second run is a no-op", async () => {
    // An empty database, not a copy of the migrated template: this test migrates it itself.
    const handle = await createTestDb({ migrated: false });
    try {
      const count = async () =>
        (await handle.rows<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]?.n;
      const tables = async () =>
        (
          await handle.rows<{ table_name: string }>(
            sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
          )
        ).map((r) => r.table_name);
      expect(await tables()).toEqual([]);
      await handle.migrate();
      const before = { n: await count(), tables: await tables() };
      expect(before.n).toBeGreaterThan(0);
      expect(before.tables).toEqual(
        expect.arrayContaining(["users", "sessions", "accounts", "verification_tokens", "bags", "links", "scans", "bills", "bill_bags", "audit_log"]),
      );
      await handle.migrate();
      expect({ n: await count(), tables: await tables() }).toEqual(before);
    } finally {
      await handle.dispose();
    }
  });
});
