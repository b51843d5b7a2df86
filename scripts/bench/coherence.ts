// Two instances sharing PostgreSQL and Redis: do sessions, rate limits and stats agree?
import postgres from "postgres";
import { BAGS_UNLIKE_LINKS_SQL } from "../../db/invariants";

export interface Check {
  name: string;
  ok: boolean | null;
  detail: string;
}

// LIMITS.login in lib/server/rate-limit/limits.ts (a server-only module the bench cannot import).
const LOGIN_WINDOW_S = 60;

const cookie = (token: string) => ({ cookie: `authjs.session-token=${token}` });

async function status(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/stats`, { headers: cookie(token) })).status;
}

/** A session works on both instances, and once its row is gone (a kick, a logout) on neither. */
export async function checkSessions(dbUrl: string, a: string, b: string, token: string): Promise<Check> {
  const before = [await status(a, token), await status(b, token)];
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`delete from sessions where session_token = ${token}`;
  } finally {
    await sql.end();
  }
  const after = [await status(a, token), await status(b, token)];
  const ok = before.every((s) => s === 200) && after.every((s) => s === 401);
  return { name: "sessions", ok, detail: `before kick A/B ${before.join("/")}, after ${after.join("/")} (want 200/200 then 401/401)` };
}

interface StatsBody {
  childBags: number;
  scansToday: number;
}

async function stats(url: string, token: string): Promise<StatsBody> {
  return (await (await fetch(`${url}/api/stats`, { headers: cookie(token) })).json()) as StatsBody;
}

/** Scans through A show up in B's /api/stats within the cache window (≤ 5 s). */
export async function checkStats(a: string, b: string, scanner: { token: string; area: string }, viewerToken: string, parentQr: string): Promise<Check> {
  const base = await stats(b, viewerToken);
  const headers = { ...cookie(scanner.token), "content-type": "application/json" };
  const parent = await fetch(`${a}/api/scan/parent`, { method: "POST", headers, body: JSON.stringify({ qr: parentQr }) });
  let linked = 0;
  for (let i = 0; i < 5; i += 1) {
    const res = await fetch(`${a}/api/scan/child`, { method: "POST", headers, body: JSON.stringify({ parentQr, qr: `4${String(Date.now() % 1e6).padStart(6, "0")}${i}` }) });
    if (res.ok) linked += 1;
  }
  const started = Date.now();
  let seen = await stats(b, viewerToken);
  while (seen.childBags < base.childBags + linked && Date.now() - started < 5_000) {
    await new Promise((r) => setTimeout(r, 200));
    seen = await stats(b, viewerToken);
  }
  const fromA = await stats(a, viewerToken);
  const ms = Date.now() - started;
  // Nothing else writes during this check, so the numbers move by exactly these scans.
  const ok = parent.ok && linked === 5 && seen.childBags === base.childBags + 5 && seen.scansToday === base.scansToday + 6 && fromA.childBags === seen.childBags;
  return {
    name: "stats",
    ok,
    detail: `5 children scanned on A: B's childBags ${base.childBags} → ${seen.childBags} after ${ms} ms, scansToday +${seen.scansToday - base.scansToday}; A says ${fromA.childBags}`,
  };
}

/** The hidden inputs of the login page's form (Next's server action reference for a no-JS post). */
async function loginForm(url: string): Promise<{ fields: [string, string][]; cookies: string }> {
  const res = await fetch(`${url}/login`);
  const html = await res.text();
  const fields: [string, string][] = [];
  for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? "";
    if (name) fields.push([name, value.replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&#x27;/g, "'")]);
  }
  return { fields, cookies: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
}

/**
 * Sign-in attempts for one unknown account alternate between A and B: the per-account limit
 * (10 a minute) must count them together, so the 11th is refused whichever instance gets it.
 */
export async function checkRateLimit(a: string, b: string): Promise<Check> {
  // The limiter is Upstash's sliding window: a window's count plus the previous window's count
  // weighted by how much of it is still inside the last 60 s, rounded down. Attempts that
  // straddle a window edge can therefore let an 11th through (5 before the edge weigh 4 just
  // after it). The check is about A and B sharing one count, so it starts early in a window.
  const intoWindow = Date.now() % (LOGIN_WINDOW_S * 1000);
  if (intoWindow > 25_000) await new Promise((r) => setTimeout(r, LOGIN_WINDOW_S * 1000 - intoWindow + 250));
  const account = `bench-nobody-${Date.now().toString(36)}`;
  const outcomes: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    const url = i % 2 === 0 ? a : b;
    const form = await loginForm(url);
    if (!form.fields.some(([n]) => n.startsWith("$ACTION"))) return { name: "rate limits", ok: null, detail: "login form exposes no server action reference; not checked" };
    const body = new FormData();
    for (const [n, v] of form.fields) body.append(n, v);
    body.append("username", account);
    body.append("password", "not-the-password-1");
    const html = await (await fetch(`${url}/login`, { method: "POST", body, headers: { cookie: form.cookies, origin: url } })).text();
    // Both sentences are the server's refusals, never in the page's client messages (other areas
    // ship their own "Too many requests" words, so a bare /Too many/ matched every page).
    outcomes.push(/Too many sign-in attempts/.test(html) ? "limited" : /Wrong username or password/.test(html) ? "wrong" : "other");
  }
  const firstLimited = outcomes.indexOf("limited");
  const ok = firstLimited === 10 && outcomes.slice(10).every((o) => o === "limited");
  return { name: "rate limits", ok, detail: `12 attempts alternating A/B: ${outcomes.map((o) => o[0]).join("")} (w = wrong password, l = limited; want 10×w then l)` };
}

/**
 * After every phase that scanned, billed and imported through the app: the bags' copies of their
 * parent and bill (parent_bag_id, bill_id, kept by the links and bill_bags triggers) agree with
 * those tables on every bag, and every parent's child_count with its links.
 */
export async function checkFollows(dbUrl: string): Promise<Check> {
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ bags: number; drifted: number; miscounted: number }[]>`
      select (select count(*)::int from bags) as bags,
             (select count(*)::int from (${sql.unsafe(BAGS_UNLIKE_LINKS_SQL)}) unlike) as drifted,
             (select count(*)::int from bags p
               where p.type = 'parent' and p.child_count <> (select count(*) from links l where l.parent_bag_id = p.id)) as miscounted`;
    const ok = row?.drifted === 0 && row?.miscounted === 0;
    return { name: "bags follow links and bills", ok, detail: `${row?.bags ?? "?"} bags: ${row?.drifted ?? "?"} with a parent or bill unlike links/bill_bags, ${row?.miscounted ?? "?"} parents miscounted (want 0 and 0)` };
  } finally {
    await sql.end();
  }
}
