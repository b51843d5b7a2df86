import { describe, expect, it } from "vitest";
import { adviceFor } from "@/lib/offline/advice";
import { createMemoryOfflineStore, type QueuedScan } from "@/lib/offline/queue";
import { judgeResponse, replayQueue, replayRequest, retryDelayMs, type ReplayRequest, type SendResult } from "@/lib/offline/replay";

const U = "user-a";
let n = 0;
function scan(over: Partial<QueuedScan> = {}): QueuedScan {
  n += 1;
  return { key: `key-${String(n).padStart(4, "0")}`, userId: U, kind: "child", qr: `79300${String(n).padStart(2, "0")}`, parentQr: "SB79300", scannedAt: 1_000 + n, ...over };
}
const linked = (qr: string, count: number): SendResult => ({
  status: 200,
  body: { result: "linked", childQr: qr, parentQr: "SB79300", childCount: count, capacity: 30, parentStatus: "in_progress" },
});
const refusal = (status: number, code: string, message = `refused: ${code}`): SendResult => ({ status, body: { error: { code, message } } });

/** A fake server: answers each request from `answer`, recording what was sent. */
function fakeSend(answer: (req: ReplayRequest, i: number) => SendResult | Error) {
  const sent: ReplayRequest[] = [];
  const send = async (req: ReplayRequest) => {
    sent.push(req);
    const a = answer(req, sent.length - 1);
    if (a instanceof Error) throw a;
    return a;
  };
  return { sent, send };
}

describe("replayRequest", () => {
  it("sends each kind through its JSON route with the scan's own key", () => {
    expect(replayRequest(scan({ key: "k-parent-1", kind: "parent", qr: "SB79301", parentQr: undefined, area: "lucknow" }))).toEqual({
      url: "/api/scan/parent",
      body: { qr: "SB79301", area: "lucknow", idempotencyKey: "k-parent-1" },
    });
    expect(replayRequest(scan({ key: "k-child-1", qr: "7930001" }))).toEqual({
      url: "/api/scan/child",
      body: { parentQr: "SB79300", qr: "7930001", idempotencyKey: "k-child-1" },
    });
    expect(replayRequest(scan({ key: "k-bill-1", kind: "bill_parent", qr: "SB79301", parentQr: undefined, billNumber: "B/79 3" }))).toEqual({
      url: "/api/bills/B%2F79%203/parents",
      body: { qr: "SB79301", idempotencyKey: "k-bill-1" },
    });
  });
});

describe("judgeResponse", () => {
  it("takes a 2xx JSON answer as sent, and marks a replayed one", () => {
    expect(judgeResponse(linked("7930001", 1))).toMatchObject({ kind: "sent", replayed: false });
    expect(judgeResponse({ status: 200, body: { result: "linked", replayed: true } })).toMatchObject({ kind: "sent", replayed: true });
    expect(judgeResponse({ status: 200, body: { result: "linked" }, replayedHeader: true })).toMatchObject({ kind: "sent", replayed: true });
  });

  it("does not trust a 2xx that is not the app's JSON (a captive portal's page)", () => {
    expect(judgeResponse({ status: 200, body: null })).toEqual({ kind: "retry", reason: "server" });
  });

  it("stops for a session that ended or an account that may not scan", () => {
    expect(judgeResponse(refusal(401, "unauthenticated"))).toMatchObject({ kind: "signed_out", code: "unauthenticated" });
    expect(judgeResponse(refusal(403, "forbidden"))).toMatchObject({ kind: "signed_out" });
    expect(judgeResponse(refusal(403, "bad_origin"))).toMatchObject({ kind: "signed_out" });
  });

  it("puts the domain's refusals on the conflict list, a wrong area included", () => {
    for (const [status, code] of [
      [409, "linked_elsewhere"],
      [409, "parent_full"],
      [409, "parent_completed"],
      [409, "bill_completed"],
      [409, "on_other_bill"],
      [404, "parent_not_found"],
      [403, "wrong_area"],
      [400, "invalid_qr"],
      [409, "idempotency_key_reused"],
    ] as const) {
      expect(judgeResponse(refusal(status, code)), code).toMatchObject({ kind: "refused", code, message: `refused: ${code}` });
    }
  });

  it("retries later on server trouble, a rate limit (after Retry-After) and a scan race", () => {
    expect(judgeResponse(refusal(500, "internal_error"))).toEqual({ kind: "retry", reason: "server" });
    expect(judgeResponse(refusal(503, "unavailable"))).toEqual({ kind: "retry", reason: "server" });
    expect(judgeResponse({ ...refusal(429, "rate_limited"), retryAfterS: 12 })).toEqual({ kind: "retry", reason: "busy", retryAfterMs: 12_000 });
    expect(judgeResponse(refusal(409, "scan_conflict"))).toEqual({ kind: "retry", reason: "busy" });
    expect(judgeResponse({ status: 502, body: "<html>bad gateway</html>" })).toEqual({ kind: "retry", reason: "server" });
  });
});

describe("retryDelayMs", () => {
  it("backs off 5, 10, 20, 40 s, then every minute, and never sooner than Retry-After", () => {
    expect([1, 2, 3, 4, 5, 9].map((i) => retryDelayMs(i))).toEqual([5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    expect(retryDelayMs(1, 30_000)).toBe(30_000);
  });
});

describe("replayQueue", () => {
  it("sends the queue strictly in order, one at a time, and empties it", async () => {
    const store = createMemoryOfflineStore();
    const scans = [scan(), scan(), scan()];
    for (const s of scans) await store.add(s);
    let inFlight = 0;
    const { sent, send } = fakeSend((req, i) => linked(String(req.body.qr), i + 1));
    const answered: string[] = [];
    const run = await replayQueue({
      userId: U,
      store,
      send: async (req) => {
        inFlight += 1;
        expect(inFlight).toBe(1);
        const r = await send(req);
        inFlight -= 1;
        return r;
      },
      onSent: (s) => answered.push(s.qr),
    });
    expect(run).toEqual({ sent: 3, refused: 0, stopped: null });
    expect(sent.map((r) => r.body.idempotencyKey)).toEqual(scans.map((s) => s.key));
    expect(answered).toEqual(scans.map((s) => s.qr));
    expect(await store.pending(U)).toEqual([]);
  });

  it("moves a refusal to the conflict list with its advice, and goes on with the next scan", async () => {
    const store = createMemoryOfflineStore();
    const [a, b, c] = [scan(), scan(), scan()];
    for (const s of [a, b, c]) await store.add(s);
    const { send } = fakeSend((req, i) => (i === 1 ? refusal(409, "linked_elsewhere", `Child ${String(req.body.qr)} is already in parent SB79399.`) : linked(String(req.body.qr), i + 1)));
    const run = await replayQueue({ userId: U, store, send, now: () => 5_000 });
    expect(run).toEqual({ sent: 2, refused: 1, stopped: null });
    const conflicts = await store.conflicts(U);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      key: b?.key,
      qr: b?.qr,
      parentQr: "SB79300",
      code: "linked_elsewhere",
      message: `Child ${b?.qr} is already in parent SB79399.`,
      advice: adviceFor("linked_elsewhere", b as QueuedScan),
      scannedAt: b?.scannedAt,
      refusedAt: 5_000,
    });
    expect(conflicts[0]?.advice).toMatch(/take it out there first, or set this bag aside/);
  });

  it("stops at a signed-out answer and keeps that scan and the rest, in order", async () => {
    const store = createMemoryOfflineStore();
    const scans = [scan(), scan(), scan()];
    for (const s of scans) await store.add(s);
    const { sent, send } = fakeSend((req, i) => (i === 1 ? refusal(401, "unauthenticated", "Sign in.") : linked(String(req.body.qr), 1)));
    const run = await replayQueue({ userId: U, store, send });
    expect(run).toEqual({ sent: 1, refused: 0, stopped: { kind: "signed_out", code: "unauthenticated", message: "Sign in." } });
    expect(sent).toHaveLength(2);
    expect((await store.pending(U)).map((s) => s.key)).toEqual(scans.slice(1).map((s) => s.key));
    expect(await store.conflicts(U)).toEqual([]);
  });

  it("stops on a network failure or a 5xx and sends the same scan (same key) next time", async () => {
    const store = createMemoryOfflineStore();
    const [a, b] = [scan(), scan()];
    await store.add(a);
    await store.add(b);
    const first = await replayQueue({ userId: U, store, send: fakeSend(() => new TypeError("Failed to fetch")).send });
    expect(first.stopped).toEqual({ kind: "retry", reason: "network" });
    const second = await replayQueue({ userId: U, store, send: fakeSend(() => refusal(502, "bad_gateway")).send });
    expect(second.stopped).toEqual({ kind: "retry", reason: "server" });
    expect((await store.pending(U)).map((s) => s.key)).toEqual([a.key, b.key]);
    const later = fakeSend((req) => linked(String(req.body.qr), 1));
    expect(await replayQueue({ userId: U, store, send: later.send })).toEqual({ sent: 2, refused: 0, stopped: null });
    expect(later.sent.map((r) => r.body.idempotencyKey)).toEqual([a.key, b.key]);
  });

  it("sends a scan queued while the run is going, in its turn", async () => {
    const store = createMemoryOfflineStore();
    const a = scan();
    const late = scan();
    await store.add(a);
    const { sent, send } = fakeSend((req) => linked(String(req.body.qr), 1));
    await replayQueue({
      userId: U,
      store,
      send: async (req) => {
        if (sent.length === 0) await store.add(late);
        return send(req);
      },
    });
    expect(sent.map((r) => r.body.qr)).toEqual([a.qr, late.qr]);
  });

  it("never sends another user's scans, and leaves them waiting", async () => {
    const store = createMemoryOfflineStore();
    const mine = scan();
    const theirs = scan({ userId: "user-b" });
    await store.add(theirs);
    await store.add(mine);
    const { sent, send } = fakeSend((req) => linked(String(req.body.qr), 1));
    await replayQueue({ userId: U, store, send });
    expect(sent.map((r) => r.body.idempotencyKey)).toEqual([mine.key]);
    expect(await store.othersWaiting(U)).toBe(1);
    expect((await store.pending("user-b")).map((s) => s.key)).toEqual([theirs.key]);
  });

  it("ends quietly when cancelled (the page went away)", async () => {
    const store = createMemoryOfflineStore();
    await store.add(scan());
    const { sent, send } = fakeSend(() => linked("x", 1));
    expect(await replayQueue({ userId: U, store, send, cancelled: () => true })).toEqual({ sent: 0, refused: 0, stopped: null });
    expect(sent).toHaveLength(0);
  });
});
