import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, type DbHandle } from "@/db/client";
import { createTestDb, type TestDb } from "../support/db";

// Migrations 0006/0007 turn the bills' free-text customer into customers rows (DESIGN.md §8):
// a database at 0005 with bills naming customers in several spellings is migrated to the end,
// and no bill may lose its customer.

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** A copy of the migrations folder whose journal stops after `lastIdx` (the migrator reads only the journal's entries). */
function migrationsUpTo(lastIdx: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tt-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const file = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(file, "utf8")) as Journal;
  writeFileSync(file, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= lastIdx) }, null, 2));
  return dir;
}

async function migrateWith(handle: DbHandle, folder: string): Promise<void> {
  // The app's own migrate() always reads the whole folder; this test needs a shorter one first.
  if (handle.kind === "pglite") await migratePglite(handle.db as never, { migrationsFolder: folder });
  else await migratePostgres(handle.db as never, { migrationsFolder: folder });
}

// [bill number, customer text as typed], oldest first.
const BILLS: [string, string | null][] = [
  ["M-1", "Agro Traders"],
  ["M-2", "agro traders "],
  ["M-3", "Shree Ram"],
  ["M-4", null],
  ["M-5", ""],
  ["M-6", "   "],
  ["M-7", "  AGRO TRADERS"],
  ["M-8", "shree ram"],
];

describe("customers migration (0006/0007)", () => {
  let handle: TestDb;
  let folder: string;

  beforeAll(async () => {
    handle = await createTestDb({ migrated: false });
    folder = migrationsUpTo(5);
  });
  afterAll(async () => {
    await handle?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it("turns the free-text customers into rows, first spelling kept, and no bill loses its customer", async () => {
    const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as Journal;
    expect(journal.entries.find((e) => e.idx === 6)?.tag).toBe("0006_customers");

    await migrateWith(handle, folder);
    const columns = async () =>
      (await handle.rows<{ column_name: string }>(sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'bills'`)).map(
        (c) => c.column_name,
      );
    expect(await columns()).toContain("customer");
    expect(await handle.rows(sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = 'customers'`)).toHaveLength(0);

    for (const [i, [number, customer]] of BILLS.entries()) {
      await handle.rows(sql`insert into bills (bill_number, capacity, customer, created_at)
        values (${number}, 5, ${customer}, timestamptz '2026-01-01 10:00:00+05:30' + make_interval(mins => ${i}))`);
    }

    await handle.migrate();

    expect(await columns()).not.toContain("customer");
    const customers = await handle.rows<{ id: number; name: string; code: string }>(sql`select id::int as id, name, code from customers order by id`);
    expect(customers.map((c) => [c.name, c.code])).toEqual([
      ["Agro Traders", "C0001"],
      ["Shree Ram", "C0002"],
    ]);
    const bills = await handle.rows<{ bill_number: string; name: string | null }>(sql`
      select b.bill_number, c.name from bills b left join customers c on c.id = b.customer_id order by b.bill_number`);
    expect(bills).toHaveLength(BILLS.length);
    for (const [number, old] of BILLS) {
      const bill = bills.find((b) => b.bill_number === number);
      const trimmed = old?.trim() ?? "";
      if (trimmed === "") expect(bill?.name, number).toBeNull();
      else expect(bill?.name?.toLowerCase(), number).toBe(trimmed.toLowerCase());
    }
    // The app's lookups see them as the bill form names them (any case).
    expect(await handle.rows(sql`select 1 from customers where lower(name) = 'agro traders'`)).toHaveLength(1);
  });
});
