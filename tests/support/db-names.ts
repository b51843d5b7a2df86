// Names of the PostgreSQL databases the tests create: tt_test_<base-36 ms since epoch>_<tag>, so
// a later run can tell from the name alone which ones an interrupted run left behind.

/** Older than this, a tt_test_* database belongs to no run still going (a whole run takes minutes). */
export const STALE_TEST_DB_MS = 60 * 60_000;

export function testDatabaseName(tag = Math.random().toString(36).slice(2, 8)): string {
  return `tt_test_${Date.now().toString(36)}_${tag}`;
}

/** When a database named by testDatabaseName was made; null for any other name. */
export function testDatabaseTime(name: string): number | null {
  const match = /^tt_test_([0-9a-z]+)_[0-9a-z_]+$/.exec(name);
  const ms = match ? parseInt(match[1] ?? "", 36) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** The server URL `base` pointed at database `name`. */
export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}
