import { describe, expect, it } from "vitest";
import { bannerOf, INITIAL_OFFLINE_STATUS, othersWaitingLine, type OfflineStatus } from "@/lib/offline/banner";
import { newIdempotencyKey } from "@/lib/offline/keys";
import { planQueuedBillParent, planQueuedChild, planQueuedParent, provisionalParent } from "@/lib/offline/plan";
import { createMemoryOfflineStore, type QueuedScan } from "@/lib/offline/queue";
import type { BillSnapshot } from "@/lib/dto/bills";
import type { StationParent } from "@/lib/dto/scan";
import { IDEMPOTENCY_KEY_PATTERN } from "@/lib/schemas/scan";

const U = "user-a";
const child = (qr: string, parentQr = "SB79300"): QueuedScan => ({ key: `k-${qr}-0001`, userId: U, kind: "child", qr, parentQr, scannedAt: 1 });
const known = (childCount: number, capacity = 30): StationParent => ({ qr: "SB79300", type: "SB", status: "in_progress", childCount, capacity, finished: null });

describe("newIdempotencyKey", () => {
  it("makes a UUID the server accepts, with or without crypto.randomUUID (plain http on the LAN)", () => {
    expect(newIdempotencyKey()).toMatch(IDEMPOTENCY_KEY_PATTERN);
    // An insecure context's crypto: getRandomValues only.
    const insecure = { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) };
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey(insecure)));
    expect(keys.size).toBe(50);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("the provisional answer of the scan station", () => {
  it("counts a queued child on top of the server's last count and the children already waiting", () => {
    const plan = planQueuedChild("7930013", known(10), known(10), [child("7930011"), child("7930012"), child("7939999", "SB79301")]);
    expect(plan).toEqual({ queue: true, warning: false, message: "Queued offline — 7930013 → SB79300, about 13/30 (not yet confirmed)." });
  });

  it("says the parent looks full at capacity, and warns past it", () => {
    expect(planQueuedChild("7930030", known(29), known(29), []).message).toMatch(/about 30\/30 — SB79300 looks full: scan the next parent/);
    const over = planQueuedChild("7930031", known(30), known(30), []);
    expect(over.warning).toBe(true);
    expect(over.message).toMatch(/about 31\/30: more than SB79300 holds, so it will probably be refused/);
  });

  it("does not queue the same child twice while its first scan waits", () => {
    const plan = planQueuedChild("7930011", known(10), known(10), [child("7930011")]);
    expect(plan.queue).toBe(false);
    expect(plan.message).toMatch(/already waiting to be sent into SB79300/);
  });

  it("counts from zero for a parent the server never answered about, with its kind's capacity", () => {
    expect(provisionalParent("M444-79300", undefined)).toMatchObject({ type: "M444", capacity: 15, childCount: 0, status: "pending" });
    const parent = provisionalParent("SB79305", undefined);
    expect(planQueuedChild("7930001", parent, undefined, []).message).toContain("about 1/30 (not yet confirmed)");
  });

  it("accepts a parent provisionally and says it will be checked", () => {
    const fresh = planQueuedParent("SB79305", undefined, []);
    expect(fresh.parent).toMatchObject({ qr: "SB79305", capacity: 30 });
    expect(fresh.message).toBe("Queued offline — parent SB79305 accepted provisionally; it will be checked when the network returns. Scan its children.");
    const seen = planQueuedParent("SB79300", known(12), [child("7930013")]);
    expect(seen.parent.childCount).toBe(12);
    expect(seen.message).toContain("accepted provisionally, about 13/30");
  });
});

describe("the provisional answer of the bill station", () => {
  const snapshot: BillSnapshot = {
    counts: { billNumber: "B-7930", status: "processing", linkedCount: 2, capacity: 3, childCount: 60, actualWeightKg: 60, expectedWeightKg: 90, varianceKg: -30 },
    completedAt: null,
    parents: [{ qr: "SB79300", type: "SB", childCount: 30, capacity: 30, partial: false, addedAt: new Date(0), addedBy: "biller" }],
  };
  const billParent = (qr: string): QueuedScan => ({ key: `k-${qr}-bill`, userId: U, kind: "bill_parent", qr, billNumber: "b-7930", scannedAt: 1 });

  it("counts parents waiting for this bill on top of its last count, and warns past capacity", () => {
    expect(planQueuedBillParent("SB79301", snapshot, []).message).toBe("Queued offline — SB79301 → bill B-7930, about 3/3 parent bags (not yet confirmed).");
    const over = planQueuedBillParent("SB79302", snapshot, [billParent("SB79301")]);
    expect(over).toMatchObject({ queue: true, warning: true });
    expect(over.message).toContain("about 4/3 parent bags: more than the bill holds");
  });

  it("queues a parent already on the bill without counting it, and never one that already waits", () => {
    expect(planQueuedBillParent("SB79300", snapshot, [])).toMatchObject({ queue: true, message: expect.stringContaining("already on bill B-7930 as far as this page knows") });
    expect(planQueuedBillParent("SB79301", snapshot, [billParent("SB79301")])).toMatchObject({ queue: false });
  });
});

describe("the offline banner", () => {
  const status = (over: Partial<OfflineStatus>): OfflineStatus => ({ ...INITIAL_OFFLINE_STATUS, ...over });

  it("says nothing while online with nothing waiting", () => {
    expect(bannerOf(status({}), "dispatcher", 0)).toBeNull();
  });

  it("says offline and how many scans wait", () => {
    expect(bannerOf(status({ online: false, waiting: 3 }), "dispatcher", 0)).toMatchObject({ tone: "offline", title: "Offline — 3 scans waiting", sendNow: true });
    expect(bannerOf(status({ online: false, waiting: 1 }), "dispatcher", 0)?.title).toBe("Offline — 1 scan waiting");
    expect(bannerOf(status({ online: false }), "dispatcher", 0)?.title).toBe("Offline — scans will wait on this device");
  });

  it("says it is sending, then that all were sent", () => {
    expect(bannerOf(status({ waiting: 3, sending: true }), "dispatcher", 0)?.title).toBe("Sending 3 waiting scans…");
    expect(bannerOf(status({ allSent: true }), "dispatcher", 0)).toMatchObject({ tone: "done", title: "All waiting scans sent" });
  });

  it("asks to sign in again when the session ended, keeping the count", () => {
    const b = bannerOf(status({ waiting: 4, stopped: { kind: "signed_out", code: "unauthenticated", message: "" } }), "dispatcher", 0);
    expect(b).toMatchObject({ title: "Sign in again to send 4 waiting scans", signIn: true, sendNow: false });
  });

  it("keeps the scans aside when another user is signed in on the browser", () => {
    const b = bannerOf(status({ waiting: 2, otherUserSignedIn: true }), "dispatcher", 0);
    expect(b?.title).toBe("Another user is signed in on this browser — 2 scans waiting");
    expect(b?.detail).toContain("sign in as dispatcher to send them");
  });

  it("says when the next try is, while the server cannot be reached", () => {
    const b = bannerOf(status({ waiting: 2, stopped: { kind: "retry", reason: "network" }, nextRetryAt: 20_000 }), "dispatcher", 8_000);
    expect(b?.title).toBe("2 scans waiting — the server could not be reached");
    expect(b?.detail).toBe("They are sent in order. Trying again in 12 s.");
  });

  it("asks for a reload when the page is older than the server (its actions are gone)", () => {
    const b = bannerOf(status({ waiting: 2, stopped: { kind: "retry", reason: "reload" } }), "dispatcher", 0);
    expect(b).toMatchObject({ title: "2 scans waiting — reload this page to send them", sendNow: false });
  });

  it("mentions other users' scans kept on this device", () => {
    expect(othersWaitingLine({ othersWaiting: 0 })).toBeNull();
    expect(othersWaitingLine({ othersWaiting: 2 })).toBe("2 scans of another user wait on this device: they are sent when that user signs in here again.");
  });
});

describe("the memory store (the browser's when IndexedDB is refused)", () => {
  it("keeps each user's queue and conflicts apart, in order, and a key once", async () => {
    const store = createMemoryOfflineStore();
    await store.add(child("7930001"));
    await store.add(child("7930001"));
    await store.add({ ...child("7930002"), userId: "user-b" });
    await store.add(child("7930003"));
    expect((await store.pending(U)).map((s) => s.qr)).toEqual(["7930001", "7930003"]);
    expect(await store.othersWaiting(U)).toBe(1);
    await store.moveToConflicts({ ...child("7930001"), refusedAt: 2, code: "parent_full", message: "full", advice: "next" });
    expect((await store.pending(U)).map((s) => s.qr)).toEqual(["7930003"]);
    const [kept] = await store.conflicts(U);
    expect(kept).toMatchObject({ qr: "7930001", code: "parent_full" });
    expect(await store.conflicts("user-b")).toEqual([]);
    await store.clearConflict("user-b", kept?.id ?? -1);
    expect(await store.conflicts(U)).toHaveLength(1);
    await store.clearConflict(U, kept?.id ?? -1);
    expect(await store.conflicts(U)).toEqual([]);
  });
});
