import { describe, expect, it } from "vitest";
import {
  afterResume,
  billStationKey,
  createStationMemory,
  forgetAllStationMemory,
  MAX_MEMORY_CHARS,
  parseStationMemory,
  serializeStationMemory,
  withRememberedHistory,
  type StationMemory,
} from "@/components/station/station-memory";
import { HISTORY_LENGTH, type FeedbackState, type HistoryEntry } from "@/lib/station";

/** sessionStorage's shape over a Map; `refuse` makes every call throw (private mode, a policy). */
class FakeStorage {
  readonly items = new Map<string, string>();
  refuse = false;
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string) {
    if (this.refuse) throw new Error("SecurityError");
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.refuse) throw new Error("QuotaExceededError");
    this.items.set(key, value);
  }
  removeItem(key: string) {
    if (this.refuse) throw new Error("SecurityError");
    this.items.delete(key);
  }
}

const AT = Date.UTC(2025, 0, 1, 6, 0, 0);
const entry = (id: number, qr: string, message = `${qr} packed`): HistoryEntry => ({ id, at: AT + id * 1000, qr, state: "ok", message });
// Newest first, as the station keeps it.
const HISTORY = [entry(4, "7300003"), entry(3, "7300002"), entry(2, "7300001"), entry(1, "SB73001", "New parent SB73001 ready — 0/30.")];
const MEMORY: StationMemory = { parentQr: "SB73001", history: HISTORY };
const KEY_A = "tracetrack:scan-parent:user-a";
const KEY_B = "tracetrack:scan-parent:user-b";

describe("the stored value", () => {
  it("round-trips the parent and the list, messages and times included", () => {
    const raw = serializeStationMemory(MEMORY);
    expect(raw).not.toBeNull();
    expect(parseStationMemory(raw)).toEqual(MEMORY);
    expect(parseStationMemory(serializeStationMemory({ parentQr: null, history: HISTORY }))).toEqual({ parentQr: null, history: HISTORY });
  });

  it("keeps at most the last 10 entries and stores nothing for a station that did nothing", () => {
    const many = Array.from({ length: 14 }, (_, i) => entry(14 - i, String(7300100 + i)));
    expect(parseStationMemory(serializeStationMemory({ parentQr: "SB73001", history: many }))?.history).toEqual(many.slice(0, HISTORY_LENGTH));
    expect(serializeStationMemory({ parentQr: null, history: [] })).toBeNull();
  });

  it("ignores anything that is not valid JSON of this shape", () => {
    const valid = JSON.parse(serializeStationMemory(MEMORY) ?? "") as Record<string, unknown>;
    const broken: (string | null)[] = [
      null,
      "",
      "{not json",
      "SB73001", // the parent alone, as an older version kept it
      "null",
      "[]",
      JSON.stringify({ ...valid, history: "none" }),
      JSON.stringify({ ...valid, parentQr: 42 }),
      JSON.stringify({ ...valid, parentQr: "7300001" }), // a child label is never a current parent
      JSON.stringify({ ...valid, history: [{ ...HISTORY[0], state: "idle" }] }),
      JSON.stringify({ ...valid, history: [{ ...HISTORY[0], at: "yesterday" }] }),
      JSON.stringify({ ...valid, history: [{ ...HISTORY[0], id: -1 }] }),
      JSON.stringify({ ...valid, history: [HISTORY[0], HISTORY[0]] }), // repeated ids
      JSON.stringify({ ...valid, history: [{ ...HISTORY[0], message: "x".repeat(1001) }] }),
      JSON.stringify({ ...valid, history: Array.from({ length: 11 }, (_, i) => entry(i + 1, "7300001")) }),
    ];
    for (const raw of broken) expect(parseStationMemory(raw), String(raw)).toBeNull();
  });

  it("refuses a value over the size cap, and writes long lists shorter to stay under it", () => {
    const padded = JSON.stringify({ parentQr: "SB73001", history: [], pad: "x".repeat(MAX_MEMORY_CHARS) });
    expect(parseStationMemory(padded)).toBeNull();
    // Characters JSON must escape (six bytes each) blow ten long messages past the cap.
    const noisy = Array.from({ length: HISTORY_LENGTH }, (_, i) => entry(HISTORY_LENGTH - i, "7300001", "\u0001".repeat(1000)));
    const raw = serializeStationMemory({ parentQr: "SB73001", history: noisy }) ?? "";
    expect(raw.length).toBeLessThanOrEqual(MAX_MEMORY_CHARS);
    const back = parseStationMemory(raw);
    expect(back?.history.length).toBeGreaterThan(0);
    expect(back?.history.length).toBeLessThan(HISTORY_LENGTH);
    // The newest entries are the ones kept.
    expect(back?.history).toEqual(noisy.slice(0, back?.history.length));
  });
});

describe("a station's memory in the tab", () => {
  it("is per user: another user's key finds nothing, and each key keeps its own", () => {
    const storage = new FakeStorage();
    const a = createStationMemory(() => storage, KEY_A);
    a.load();
    a.save("SB73001", HISTORY);
    expect(createStationMemory(() => storage, KEY_B).load()).toBeNull();
    expect(createStationMemory(() => storage, KEY_A).load()).toEqual(MEMORY);
    expect(billStationKey("biller", "inv-1")).toBe("tracetrack:bill-station:biller:INV-1");
    expect(billStationKey("biller", "INV-1")).not.toBe(billStationKey("other", "INV-1"));
  });

  it("keeps the parent being resumed, and the list, while the station has not put them back yet", () => {
    const storage = new FakeStorage();
    storage.setItem(KEY_A, serializeStationMemory(MEMORY) ?? "");
    const memory = createStationMemory(() => storage, KEY_A);
    expect(memory.load()).toEqual(MEMORY);
    // The first render's effect runs before the list is put back and the server answers.
    memory.save(null, []);
    expect(parseStationMemory(storage.getItem(KEY_A))).toEqual(MEMORY);
    memory.save(null, HISTORY);
    expect(parseStationMemory(storage.getItem(KEY_A))).toEqual(MEMORY);
    // Resumed: from now on the station's own parent is what counts.
    memory.save("SB73002", [entry(5, "SB73002"), ...HISTORY]);
    memory.save(null, [entry(6, "7300009"), entry(5, "SB73002"), ...HISTORY]);
    expect(parseStationMemory(storage.getItem(KEY_A))?.parentQr).toBeNull();
  });

  it("stops resuming a parent the server refused, keeping the list", () => {
    const storage = new FakeStorage();
    storage.setItem(KEY_A, serializeStationMemory(MEMORY) ?? "");
    const memory = createStationMemory(() => storage, KEY_A);
    memory.load();
    memory.forgetParent();
    expect(parseStationMemory(storage.getItem(KEY_A))).toEqual({ parentQr: null, history: HISTORY });
    memory.save(null, HISTORY);
    expect(parseStationMemory(storage.getItem(KEY_A))?.parentQr).toBeNull();
  });

  it("drops a corrupt stored value instead of resuming from it", () => {
    const storage = new FakeStorage();
    storage.setItem(KEY_A, "{not json");
    const memory = createStationMemory(() => storage, KEY_A);
    expect(memory.load()).toBeNull();
    memory.save(null, []);
    expect(storage.getItem(KEY_A)).toBeNull();
  });

  it("goes on without memory where storage is refused", () => {
    const storage = new FakeStorage();
    storage.refuse = true;
    const memory = createStationMemory(() => storage, KEY_A);
    expect(memory.load()).toBeNull();
    expect(() => memory.save("SB73001", HISTORY)).not.toThrow();
    expect(() => memory.forgetParent()).not.toThrow();
  });

  it("is wiped for every user and bill by an explicit sign-out, and nothing else is", () => {
    const storage = new FakeStorage();
    storage.setItem(KEY_A, "1");
    storage.setItem(KEY_B, "2");
    storage.setItem(billStationKey("biller", "INV-1"), "3");
    storage.setItem("tracetrack:station:area", "lucknow");
    forgetAllStationMemory(storage);
    expect([...storage.items.keys()]).toEqual(["tracetrack:station:area"]);
  });
});

describe("putting a remembered list back", () => {
  type Station = { feedback: { state: FeedbackState; message: string; seq: number }; history: HistoryEntry[] };
  const idle: Station = { feedback: { state: "idle", message: "Scan a parent bag.", seq: 0 }, history: [] };

  it("continues the entry numbers past the remembered ones", () => {
    const state = withRememberedHistory(idle, HISTORY);
    expect(state.history).toEqual(HISTORY);
    expect(state.feedback).toEqual({ ...idle.feedback, seq: 4 });
  });

  it("never replaces a list the station already has", () => {
    const busy: Station = { ...idle, history: [entry(1, "SB00001")], feedback: { ...idle.feedback, seq: 1 } };
    expect(withRememberedHistory(busy, HISTORY)).toBe(busy);
  });

  it("does not count the resumed parent as a scan, unless it was refused", () => {
    const before = withRememberedHistory(idle, HISTORY);
    const resumed: Station = { feedback: { state: "ok", message: "Resumed SB73001 ready — 3/30. Scan children.", seq: 5 }, history: [entry(5, "SB73001"), ...HISTORY] };
    expect(afterResume(before, resumed)).toEqual({ ...resumed, history: HISTORY });
    const refused: Station = { feedback: { state: "error", message: "Bag SB73001 not found.", seq: 5 }, history: [{ ...entry(5, "SB73001"), state: "error" as const }, ...HISTORY] };
    expect(afterResume(before, refused)).toBe(refused);
  });
});
