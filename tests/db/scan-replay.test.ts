import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { addParentAction } from "@/app/(app)/bills/[billNumber]/actions";
import { scanChildAction, scanParentAction } from "@/app/(app)/scan/actions";
import { POST as postBillParentRoute } from "@/app/api/bills/[billNumber]/parents/route";
import { POST as childRoute } from "@/app/api/scan/child/route";
import { POST as parentRoute } from "@/app/api/scan/parent/route";
import { auditLog, bags, links, scanReplays, scans } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { createBill } from "@/lib/server/bills/mutations";
import { addParentToBill } from "@/lib/server/bills/parents";
import { KEY_REUSED_MESSAGE, pruneScanReplays, SCAN_REPLAY_RETENTION_DAYS } from "@/lib/server/scan/replay";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { finishParent } from "@/lib/server/scan/finish";
import { undoLastScan } from "@/lib/server/scan/undo";
import type { Actor } from "@/lib/server/service";
import { readStats } from "@/lib/server/stats/read";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { ctxOf, routeSessionOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { childLabels, countAll, driftedParents, refusalOf, truncateScanData, driftedFollows } from "../support/scan";

// Idempotency keys of scans (the offline queue's replays): the first request with a key does the
// work and stores its answer; a repeat answers it again and writes nothing. The verbs, the JSON
// routes and the server actions, on a real database; only who is signed in is made up.
delete process.env.REDIS_URL;

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));
// Server actions read their request metadata from next/headers.
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.18", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

const db = setupTestDb();
const store = createMemoryStatsStore();
const ORIGIN = "http://tracetrack.test";
const NO_SEGMENTS = { params: Promise.resolve({}) };

let ravi: Actor;
let meena: Actor;
let biller: Actor;

beforeAll(async () => {
  setStatsStore(store);
  await truncateAll(db());
  ravi = await makeUser(db().db, "dispatcher", "lucknow");
  meena = await makeUser(db().db, "dispatcher", "lucknow");
  biller = await makeUser(db().db, "biller");
});
afterAll(() => setStatsStore(undefined));
beforeEach(async () => {
  await truncateScanData(db());
  await db().db.delete(scanReplays);
  session.user = routeSessionOf(ravi);
});

const KEY = "4f1c2a9e-7b3d-4c55-9a1e-0d6b8f2e3c71";
const OTHER_KEY = "9d2e4b7a-1c3f-4e6a-8b5d-2f7c9a0e1b44";
const as = (actor: Actor) => ctxOf(db().db, actor);

async function childCountOf(qr: string): Promise<number | undefined> {
  const [row] = await db().db.select({ n: bags.childCount }).from(bags).where(eq(bags.qr, qr));
  return row?.n;
}
async function auditCount(action: string): Promise<number> {
  return (await db().db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.action, action))).length;
}
async function scanResults(): Promise<string[]> {
  return (await db().db.select({ result: scans.result }).from(scans).orderBy(scans.id)).map((r) => r.result);
}
async function lucknowStats() {
  const { childBags, parentBags, scansToday } = await readStats("area:lucknow", store);
  return { childBags, parentBags, scansToday };
}
async function storedKeys() {
  return db().db.select({ userId: scanReplays.userId, key: scanReplays.key, kind: scanReplays.kind, request: scanReplays.request, outcome: scanReplays.outcome }).from(scanReplays);
}

describe("scan idempotency keys (verbs)", () => {
  it("links a child once when its key is sent twice: one link, one scan row, one audit row, counters moved once", async () => {
    await scanParent(as(ravi), { qr: "SB70001" });
    const before = { counts: await countAll(db()), stats: await lucknowStats() };

    const first = await scanChild(as(ravi), { parentQr: "SB70001", qr: "7000001", idempotencyKey: KEY });
    expect(first).toEqual({ result: "linked", childQr: "7000001", parentQr: "SB70001", childCount: 1, capacity: 30, parentStatus: "in_progress" });
    const afterFirst = { counts: await countAll(db()), stats: await lucknowStats() };
    expect(afterFirst.counts).toEqual({ ...before.counts, bags: before.counts.bags + 1, links: 1, scans: before.counts.scans + 1, audit: before.counts.audit + 1 });
    expect(afterFirst.stats).toEqual({ ...before.stats, childBags: before.stats.childBags + 1, scansToday: before.stats.scansToday + 1 });

    // The replay (say the answer was lost on a dying network): the same answer, nothing written.
    const again = await scanChild(as(ravi), { parentQr: " sb70001 ", qr: "7000001\r\n", idempotencyKey: KEY });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await countAll(db())).toEqual(afterFirst.counts);
    expect(await lucknowStats()).toEqual(afterFirst.stats);
    expect(await childCountOf("SB70001")).toBe(1);
    expect(await auditCount("child_linked")).toBe(1);
    expect(await storedKeys()).toEqual([{ userId: ravi.id, key: KEY, kind: "child", request: "SB70001/7000001", outcome: "ok" }]);
  });

  it("creates a parent once when its key is sent twice", async () => {
    const first = await scanParent(as(ravi), { qr: "SB70002", idempotencyKey: KEY });
    expect(first.parent).toMatchObject({ qr: "SB70002", created: true });
    const counts = await countAll(db());
    const stats = await lucknowStats();
    const again = await scanParent(as(ravi), { qr: "sb70002", idempotencyKey: KEY });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await countAll(db())).toEqual(counts);
    expect(await lucknowStats()).toEqual(stats);
    expect(counts.bags).toBe(1);
    expect(await auditCount("parent_created")).toBe(1);
    expect(await scanResults()).toEqual(["created"]);
  });

  it("replays a finished parent's seal with its time as a date, as first answered", async () => {
    await scanParent(as(ravi), { qr: "SB70011" });
    await scanChild(as(ravi), { parentQr: "SB70011", qr: "7000011" });
    await finishParent(as(ravi), { parentQr: "SB70011", reason: "Short lot" });
    const first = await scanParent(as(ravi), { qr: "SB70011", idempotencyKey: KEY });
    expect(first.parent.finished?.at).toBeInstanceOf(Date);
    expect(await scanParent(as(ravi), { qr: "SB70011", idempotencyKey: KEY })).toEqual({ ...first, replayed: true });
  });

  it("puts a parent on a bill once when its key is sent twice", async () => {
    await scanParent(as(ravi), { qr: "SB70003" });
    await createBill(as(biller), { billNumber: "RPL-1", capacity: 5 });
    const first = await addParentToBill(as(biller), { billNumber: "RPL-1", qr: "SB70003", idempotencyKey: KEY });
    expect(first).toMatchObject({ result: "added", linkedCount: 1 });
    const counts = await countAll(db());
    const again = await addParentToBill(as(biller), { billNumber: "rpl-1", qr: "sb70003", idempotencyKey: KEY });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await countAll(db())).toEqual(counts);
    expect(await auditCount("bill_parent_added")).toBe(1);
    const [bill] = await db().rows<{ linked_count: number }>(sql`select linked_count from bills where bill_number = 'RPL-1'`);
    expect(bill?.linked_count).toBe(1);
  });

  it("answers a replayed refusal as stored, even after the child was freed, and links nothing", async () => {
    await scanParent(as(ravi), { qr: "SB70004" });
    await scanParent(as(ravi), { qr: "SB70005" });
    await scanChild(as(meena), { parentQr: "SB70004", qr: "7000002" });
    const refused = await refusalOf(scanChild(as(ravi), { parentQr: "SB70005", qr: "7000002", idempotencyKey: KEY }));
    expect(refused).toMatchObject({ status: 409, code: "linked_elsewhere" });
    expect(await storedKeys()).toMatchObject([{ key: KEY, outcome: "refused" }]);
    // Meena takes it out again: the child is free now, but the key's answer stays what it was.
    await undoLastScan(as(meena), { parentQr: "SB70004" });
    const counts = await countAll(db());
    const replayed = await refusalOf(scanChild(as(ravi), { parentQr: "SB70005", qr: "7000002", idempotencyKey: KEY }));
    expect(replayed).toEqual(refused);
    expect(await countAll(db())).toEqual(counts);
    expect(await childCountOf("SB70005")).toBe(0);
    expect((await scanResults()).filter((r) => r.startsWith("rejected:"))).toEqual(["rejected:linked_elsewhere"]);
    // A new scan (a new key) is a new request and links it.
    expect(await scanChild(as(ravi), { parentQr: "SB70005", qr: "7000002", idempotencyKey: OTHER_KEY })).toMatchObject({ result: "linked" });
  });

  it("refuses the same key for another scan with idempotency_key_reused and writes nothing", async () => {
    await scanParent(as(ravi), { qr: "SB70006" });
    await scanChild(as(ravi), { parentQr: "SB70006", qr: "7000003", idempotencyKey: KEY });
    const counts = await countAll(db());
    const reused = { status: 409, code: "idempotency_key_reused", message: KEY_REUSED_MESSAGE };
    expect(await refusalOf(scanChild(as(ravi), { parentQr: "SB70006", qr: "7000004", idempotencyKey: KEY }))).toEqual(reused);
    expect(await refusalOf(scanParent(as(ravi), { qr: "SB70006", idempotencyKey: KEY }))).toEqual(reused);
    expect(await countAll(db())).toEqual(counts);
    expect(await childCountOf("SB70006")).toBe(1);
  });

  it("keeps each user's keys apart: another user sending the same key does their own scan", async () => {
    await scanParent(as(ravi), { qr: "SB70007" });
    await scanChild(as(ravi), { parentQr: "SB70007", qr: "7000005", idempotencyKey: KEY });
    const mine = await scanChild(as(meena), { parentQr: "SB70007", qr: "7000006", idempotencyKey: KEY });
    expect(mine).toEqual({ result: "linked", childQr: "7000006", parentQr: "SB70007", childCount: 2, capacity: 30, parentStatus: "in_progress" });
    expect((await storedKeys()).map((k) => k.userId).sort()).toEqual([ravi.id, meena.id].sort());
  });

  it("refuses a malformed key (400) without storing or scanning anything", async () => {
    await scanParent(as(ravi), { qr: "SB70008" });
    const counts = await countAll(db());
    for (const idempotencyKey of ["short", "has space in it", "x".repeat(65), "ünïcode-key", 12345678]) {
      expect(await refusalOf(scanChild(as(ravi), { parentQr: "SB70008", qr: "7000007", idempotencyKey }))).toMatchObject({ status: 400, code: "invalid_input" });
    }
    expect(await countAll(db())).toEqual(counts);
    expect(await storedKeys()).toEqual([]);
  });

  it("stores no key for an unreadable QR (400): the same key may then carry the corrected scan", async () => {
    await scanParent(as(ravi), { qr: "SB70009" });
    expect(await refusalOf(scanChild(as(ravi), { parentQr: "SB70009", qr: "12", idempotencyKey: KEY }))).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await storedKeys()).toEqual([]);
  });

  it("writes no key when none is sent", async () => {
    await scanParent(as(ravi), { qr: "SB70010" });
    await scanChild(as(ravi), { parentQr: "SB70010", qr: "7000008" });
    expect(await storedKeys()).toEqual([]);
  });
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
}
async function answer(res: Response) {
  return { status: res.status, replayed: res.headers.get("Idempotency-Replayed"), body: (await res.json()) as Record<string, unknown> };
}
const postChild = async (body: unknown, headers?: Record<string, string>) => answer(await childRoute(post("/api/scan/child", body, headers), NO_SEGMENTS));
const postParent = async (body: unknown, headers?: Record<string, string>) => answer(await parentRoute(post("/api/scan/parent", body, headers), NO_SEGMENTS));

describe("scan idempotency keys (routes)", () => {
  it("takes the key in the body and marks the replay with the Idempotency-Replayed header", async () => {
    expect(await postParent({ qr: "SB71001", idempotencyKey: KEY })).toMatchObject({ status: 200, replayed: null, body: { parent: { created: true } } });
    const first = await postChild({ parentQr: "SB71001", qr: "7100001", idempotencyKey: OTHER_KEY });
    expect(first).toMatchObject({ status: 200, replayed: null, body: { result: "linked", childCount: 1 } });
    const again = await postChild({ parentQr: "SB71001", qr: "7100001", idempotencyKey: OTHER_KEY });
    expect(again).toEqual({ status: 200, replayed: "true", body: { ...first.body, replayed: true } });
    const parentAgain = await postParent({ qr: "SB71001", idempotencyKey: KEY });
    expect(parentAgain).toMatchObject({ status: 200, replayed: "true", body: { parent: { created: true }, replayed: true } });
    expect(await childCountOf("SB71001")).toBe(1);
  });

  it("takes the key in the Idempotency-Key header, alone or equal to the body's", async () => {
    await postParent({ qr: "SB71002" });
    const first = await postChild({ parentQr: "SB71002", qr: "7100002" }, { "Idempotency-Key": KEY });
    expect(first).toMatchObject({ status: 200, replayed: null, body: { result: "linked" } });
    const again = await postChild({ parentQr: "SB71002", qr: "7100002", idempotencyKey: KEY }, { "idempotency-key": KEY });
    expect(again).toEqual({ status: 200, replayed: "true", body: { ...first.body, replayed: true } });
    expect(await storedKeys()).toMatchObject([{ key: KEY, kind: "child" }]);
  });

  it("refuses a body key and a header key that differ (400) and a malformed header key, writing nothing", async () => {
    await postParent({ qr: "SB71003" });
    const counts = await countAll(db());
    const differ = await postChild({ parentQr: "SB71003", qr: "7100003", idempotencyKey: KEY }, { "Idempotency-Key": OTHER_KEY });
    expect(differ).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
    const bad = await postChild({ parentQr: "SB71003", qr: "7100003" }, { "Idempotency-Key": "not a key" });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_input" } } });
    expect(await countAll(db())).toEqual(counts);
    expect(await storedKeys()).toEqual([]);
  });

  it("answers a replayed refusal with the same status and error, marked replayed", async () => {
    await postParent({ qr: "SB71004" });
    await scanParent(as(meena), { qr: "SB71005" });
    await scanChild(as(meena), { parentQr: "SB71005", qr: "7100004" });
    const first = await postChild({ parentQr: "SB71004", qr: "7100004", idempotencyKey: KEY });
    expect(first).toMatchObject({ status: 409, replayed: null, body: { error: { code: "linked_elsewhere" } } });
    const again = await postChild({ parentQr: "SB71004", qr: "7100004", idempotencyKey: KEY });
    expect(again).toEqual({ ...first, replayed: "true" });
    const reused = await postChild({ parentQr: "SB71004", qr: "7100005", idempotencyKey: KEY });
    expect(reused).toEqual({ status: 409, replayed: null, body: { error: { code: "idempotency_key_reused", message: KEY_REUSED_MESSAGE } } });
  });

  it("replays a bill's parent scan on POST /api/bills/[billNumber]/parents", async () => {
    await scanParent(as(ravi), { qr: "SB71006" });
    await createBill(as(biller), { billNumber: "RPL-2", capacity: 5 });
    session.user = routeSessionOf(biller);
    const segment = { params: Promise.resolve({ billNumber: "RPL-2" }) };
    const send = async (headers: Record<string, string>) => answer(await postBillParentRoute(post("/api/bills/RPL-2/parents", { qr: "SB71006" }, headers), segment));
    const first = await send({ "Idempotency-Key": KEY });
    expect(first).toMatchObject({ status: 200, replayed: null, body: { result: "added", linkedCount: 1 } });
    expect(await send({ "Idempotency-Key": KEY })).toEqual({ status: 200, replayed: "true", body: { ...first.body, replayed: true } });
    // Without the key, the bill's own rule answers a parent already on it: duplicate.
    expect(await send({})).toMatchObject({ status: 200, replayed: null, body: { result: "duplicate", linkedCount: 1 } });
    expect(await auditCount("bill_parent_added")).toBe(1);
  });
});

describe("scan idempotency keys (server actions)", () => {
  it("take the key as their last argument and answer a replay with replayed: true", async () => {
    const parent = await scanParentAction("SB72001", undefined, KEY);
    expect(parent).toMatchObject({ ok: true, parent: { qr: "SB72001", created: true } });
    expect(await scanParentAction("SB72001", undefined, KEY)).toEqual({ ...parent, replayed: true });

    const child = await scanChildAction("SB72001", "7200001", OTHER_KEY);
    expect(child).toEqual({ ok: true, result: "linked", childQr: "7200001", parentQr: "SB72001", childCount: 1, capacity: 30, parentStatus: "in_progress" });
    expect(await scanChildAction("SB72001", "7200001", OTHER_KEY)).toEqual({ ...child, replayed: true });
    expect(await childCountOf("SB72001")).toBe(1);

    const refusalKey = "a3f9c1d2-0000-4000-8000-000000000001";
    await scanParent(as(meena), { qr: "SB72002" });
    await scanChild(as(meena), { parentQr: "SB72002", qr: "7200002" });
    const refused = await scanChildAction("SB72001", "7200002", refusalKey);
    expect(refused).toMatchObject({ ok: false, code: "linked_elsewhere" });
    expect(refused).not.toHaveProperty("replayed");
    expect(await scanChildAction("SB72001", "7200002", refusalKey)).toEqual({ ...refused, replayed: true });
  });

  it("replay the bill page's add-parent action", async () => {
    await scanParent(as(ravi), { qr: "SB72003" });
    await createBill(as(biller), { billNumber: "RPL-3", capacity: 5 });
    session.user = routeSessionOf(biller);
    const first = await addParentAction("RPL-3", "SB72003", KEY);
    expect(first).toMatchObject({ ok: true, result: "added", linkedCount: 1 });
    expect(await addParentAction("RPL-3", "SB72003", KEY)).toEqual({ ...first, replayed: true });
    expect(await auditCount("bill_parent_added")).toBe(1);
  });
});

describe("scan idempotency key retention", () => {
  const DAY_MS = 86_400_000;
  const now = new Date("2026-06-30T12:00:00Z");
  const daysAgo = (d: number) => new Date(now.getTime() - d * DAY_MS);
  const storeKey = (key: string, createdAt: Date) =>
    db().db.insert(scanReplays).values({ userId: ravi.id, key, kind: "child", request: "SB00001/1000001", outcome: "ok", response: {}, createdAt });

  it("deletes keys older than 30 days and keeps the rest", async () => {
    await storeKey("old-key-1", daysAgo(SCAN_REPLAY_RETENTION_DAYS + 10));
    await storeKey("old-key-2", daysAgo(SCAN_REPLAY_RETENTION_DAYS + 0.01));
    await storeKey("boundary", daysAgo(SCAN_REPLAY_RETENTION_DAYS)); // exactly on the boundary: kept
    await storeKey("fresh-key", daysAgo(1));
    expect(await pruneScanReplays(db().db, now)).toEqual({ deleted: 2 });
    expect((await storedKeys()).map((k) => k.key).sort()).toEqual(["boundary", "fresh-key"]);
    expect(await pruneScanReplays(db().db, now)).toEqual({ deleted: 0 });
  });

  it("is run by the daily maintenance sweep", async () => {
    await storeKey("stale-key", new Date(Date.now() - (SCAN_REPLAY_RETENTION_DAYS + 2) * DAY_MS));
    await storeKey("recent-key", new Date(Date.now() - DAY_MS));
    vi.useFakeTimers({ toFake: ["setTimeout", "setInterval"] });
    const { startSecurityMaintenance } = await import("@/lib/server/ops/maintenance");
    startSecurityMaintenance(() => db().db);
    // The first sweep runs a minute after start.
    vi.advanceTimersByTime(60_000);
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await storedKeys()).map((k) => k.key)).toEqual(["recent-key"]), { timeout: 10_000 });
  });
});

// PGlite has a single connection, so real parallelism needs PostgreSQL.
describe.skipIf(!usingPostgres)("scan idempotency key races (PostgreSQL)", () => {
  it("does the work once when 8 requests with one key arrive at once; the others replay its answer", async () => {
    await scanParent(as(ravi), { qr: "SB73001" });
    for (let round = 0; round < 5; round += 1) {
      const [qr = "7300000"] = childLabels(7300001 + round, 1);
      const key = `race-key-${round}-${KEY}`;
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => settle(scanChild(as(ravi), { parentQr: "SB73001", qr, idempotencyKey: key }))));
      const answers = outcomes.map((o) => ("ok" in o ? o.ok : o.code));
      const fresh = answers.filter((a) => typeof a === "object" && !a.replayed);
      expect(fresh).toEqual([{ result: "linked", childQr: qr, parentQr: "SB73001", childCount: round + 1, capacity: 30, parentStatus: "in_progress" }]);
      expect(answers.filter((a) => typeof a === "object" && a.replayed)).toHaveLength(7);
    }
    expect(await childCountOf("SB73001")).toBe(5);
    expect(await db().db.select({ id: links.id }).from(links)).toHaveLength(5);
    expect(await auditCount("child_linked")).toBe(5);
    expect((await scanResults()).filter((r) => r === "linked")).toHaveLength(5);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("stores one refusal when 8 requests with one key are refused at once (one rejection row)", async () => {
    await scanParent(as(ravi), { qr: "SB73002" });
    await scanParent(as(meena), { qr: "SB73003" });
    await scanChild(as(meena), { parentQr: "SB73003", qr: "7300101" });
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => settle(scanChild(as(ravi), { parentQr: "SB73002", qr: "7300101", idempotencyKey: KEY }))));
    expect(outcomes).toEqual(Array.from({ length: 8 }, () => ({ code: "linked_elsewhere" })));
    expect((await scanResults()).filter((r) => r.startsWith("rejected:"))).toEqual(["rejected:linked_elsewhere"]);
  });

  it("one key sent at once for 6 different new children: one links, the rest are refused idempotency_key_reused, nothing else changes", async () => {
    // The one-statement scan claims the key in the statement that links: the losers' claims fail
    // on the key's primary key, which undoes their statements (children, links, counts) whole.
    await scanParent(as(ravi), { qr: "SB73006" });
    for (let round = 0; round < 4; round += 1) {
      const labels = childLabels(7300301 + round * 10, 6);
      const key = `reused-${round}-${KEY}`;
      const outcomes = await Promise.all(labels.map((qr) => settle(scanChild(as(ravi), { parentQr: "SB73006", qr, idempotencyKey: key }))));
      const codes = outcomes.map((o) => ("ok" in o ? o.ok.result : o.code)).sort();
      expect(codes).toEqual(["idempotency_key_reused", "idempotency_key_reused", "idempotency_key_reused", "idempotency_key_reused", "idempotency_key_reused", "linked"]);
    }
    expect(await childCountOf("SB73006")).toBe(4);
    expect(await db().db.select({ id: links.id }).from(links)).toHaveLength(4);
    expect((await db().db.select({ id: bags.id }).from(bags).where(eq(bags.type, "child"))).length).toBe(4);
    expect(await auditCount("child_linked")).toBe(4);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
  });

  it("links 8 children sent at once with 8 different keys into one parent", async () => {
    await scanParent(as(ravi), { qr: "SB73004" });
    const labels = childLabels(7300201, 8);
    const outcomes = await Promise.all(
      labels.map((qr, i) => settle(scanChild(as(i % 2 === 0 ? ravi : meena), { parentQr: "SB73004", qr, idempotencyKey: `parallel-${i}-${KEY}` }))),
    );
    expect(outcomes.every((o) => "ok" in o && o.ok.result === "linked" && !o.ok.replayed)).toBe(true);
    expect(await childCountOf("SB73004")).toBe(8);
    expect(await driftedParents(db())).toEqual([]);
    expect(await driftedFollows(db())).toEqual([]);
    expect(await storedKeys()).toHaveLength(8);
  });

  it("puts a parent on a bill once when 8 requests with one key arrive at once", async () => {
    await scanParent(as(ravi), { qr: "SB73005" });
    await createBill(as(biller), { billNumber: "RPL-RACE", capacity: 5 });
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => settle(addParentToBill(as(biller), { billNumber: "RPL-RACE", qr: "SB73005", idempotencyKey: KEY }))));
    const answers = outcomes.map((o) => ("ok" in o ? o.ok : o.code));
    expect(answers.filter((a) => typeof a === "object" && a.result === "added" && !a.replayed)).toHaveLength(1);
    expect(answers.filter((a) => typeof a === "object" && a.result === "added" && a.replayed)).toHaveLength(7);
    expect(await auditCount("bill_parent_added")).toBe(1);
  });
});
