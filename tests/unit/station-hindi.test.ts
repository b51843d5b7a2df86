import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import { gateOutcomeOf, unreachableOutcome } from "@/components/gate/gate-outcome";
import { MESSAGES } from "@/i18n/messages";
import { adviceFor, describeQueuedScan } from "@/lib/offline/advice";
import { bannerOf, INITIAL_OFFLINE_STATUS } from "@/lib/offline/banner";
import { planQueuedChild, planQueuedParent } from "@/lib/offline/plan";
import { needsNetworkMessage } from "@/lib/offline/provisional";
import { classifyQr, type QrClass } from "@/lib/qr";
import { finishReasonText, initialStationState, INITIAL_STATION_STATE, reduceStation, routeRemoval, routeScan, type StationState } from "@/lib/scan-station";
import { ENGLISH, invalidQrMessage, invalidQrText, type Words } from "@/lib/station";

// Issue 19: the scan station, its offline queue and the gate speak Hindi to a Hindi reader, from
// messages/hi, while their English (the default every existing test reads) stays word for word.

const HI: Words = createTranslator({ locale: "hi", messages: MESSAGES.hi });
const DEVANAGARI = /[\u0900-\u097F]/;
const AT = Date.UTC(2026, 11, 1, 6, 0, 0);
const SB = { qr: "SB79501", type: "SB" as const, status: "pending" as const, childCount: 0, capacity: 30, finished: null };

const invalid = (raw: string): Extract<QrClass, { kind: "invalid" }> => {
  const c = classifyQr(raw);
  if (c.kind !== "invalid") throw new Error(`${raw} is a valid label`);
  return c;
};

describe("an invalid label's refusal as a message", () => {
  it("names each of classifyQr's four sentences by a message whose English is that sentence", () => {
    const labels = ["", "LABEL NO.: LOT STAR44", "SB1234", "HELLO WORLD!"].map(invalid);
    const texts = labels.map((l) => invalidQrText(l));
    expect(new Set(texts.map((t) => t?.key)).size).toBe(4);
    for (const [i, label] of labels.entries()) {
      const text = texts[i];
      if (!text) throw new Error(`no message for ${label.message}`);
      expect(ENGLISH(`errors.${text.key}`, text.values)).toBe(label.message);
      expect(invalidQrMessage(label)).toBe(label.message);
      expect(invalidQrMessage(label, HI)).toMatch(DEVANAGARI);
    }
    expect(invalidQrMessage(invalid("HELLO!"), HI)).toBe(`"HELLO!" बैग लेबल नहीं है: पैरेंट (SB12345, M444-12345) या 4–20 अक्षरों और अंकों का चाइल्ड होना चाहिए।`);
  });
});

describe("the scan station in Hindi", () => {
  const scanParent = (state: StationState, t: Words) =>
    reduceStation(state, { kind: "parent", qr: SB.qr, outcome: { ok: true, parent: { ...SB, created: true } }, at: AT }, t);
  const child = (state: StationState, qr: string, result: "linked" | "duplicate", childCount: number, t: Words) =>
    reduceStation(
      state,
      { kind: "child", qr, outcome: { ok: true, result, childQr: qr, parentQr: SB.qr, childCount, capacity: 30, parentStatus: "in_progress" }, at: AT },
      t,
    );

  it("says what happened at each scan in the reader's language, and in English by default", () => {
    expect(initialStationState(HI).feedback.message).toBe("शुरू करने के लिए पैरेंट बैग (SB… या M444-…) स्कैन करें।");
    expect(INITIAL_STATION_STATE.feedback.message).toBe("Scan a parent bag (SB… or M444-…) to start.");

    const parent = scanParent(initialStationState(HI), HI);
    expect(parent.feedback.message).toBe("नया पैरेंट SB79501 तैयार — 0/30। चाइल्ड बैग स्कैन करें।");
    const packed = child(parent, "7950001", "linked", 1, HI);
    expect(packed.feedback).toMatchObject({ state: "ok", message: "7950001 को SB79501 में पैक किया — 1/30।" });
    const again = child(packed, "7950001", "duplicate", 1, HI);
    expect(again.feedback).toMatchObject({ state: "duplicate", message: "7950001 पहले से SB79501 में है — कुछ नहीं बदला (1/30)।" });
    expect(again.history.map((e) => e.message)).toEqual([again.feedback.message, packed.feedback.message, parent.feedback.message]);

    const english = child(scanParent(INITIAL_STATION_STATE, ENGLISH), "7950001", "linked", 1, ENGLISH);
    expect(english.feedback.message).toBe("7950001 packed into SB79501 — 1/30.");
  });

  it("words its own refusals (before any request) in Hindi", () => {
    expect(routeScan("HELLO!", SB.qr, HI)).toMatchObject({ kind: "local_error", message: expect.stringMatching(DEVANAGARI) });
    expect(routeScan("7950001", null, HI)).toEqual({ kind: "local_error", qr: "7950001", message: "पहले पैरेंट बैग (SB… या M444-…) स्कैन करें, फिर 7950001।" });
    expect(routeRemoval("SB79502", SB.qr, HI)).toMatchObject({ message: expect.stringContaining("SB79502 पैरेंट लेबल है") });
    const armed = reduceStation(initialStationState(HI), { kind: "arm_remove", armed: true, at: AT }, HI);
    expect(armed.feedback.message).toBe("पहले पैरेंट बैग स्कैन करें, फिर उसका कोई चाइल्ड हटाने के लिए F4 दबाएँ।");
  });

  it("shows a finish reason offered at the station in the reader's words, and a typed one as typed", () => {
    expect(finishReasonText("Short lot")).toBe("Short lot");
    expect(finishReasonText("Short lot", HI)).toBe("कम माल (शॉर्ट लॉट)");
    expect(finishReasonText("Truck left early", HI)).toBe("Truck left early");
    const finished = reduceStation(
      initialStationState(HI),
      { kind: "finish", outcome: { ok: true, parent: { ...SB, status: "completed", childCount: 4, finished: { at: new Date(AT), by: "ravi", reason: "End of shift" } } }, at: AT },
      HI,
    );
    expect(finished.feedback.message).toBe("पैरेंट SB79501 को 30 में से 4 पर पूरा किया (शिफ़्ट ख़त्म)। अगला पैरेंट स्कैन करें।");
  });
});

describe("the offline queue in Hindi", () => {
  it("words the banner, the provisional answers and the advice", () => {
    expect(bannerOf({ ...INITIAL_OFFLINE_STATUS, online: false, waiting: 3 }, "ravi", 0, HI)?.title).toBe("ऑफ़लाइन — 3 स्कैन भेजने बाकी");
    expect(bannerOf({ ...INITIAL_OFFLINE_STATUS, online: false, waiting: 3 }, "ravi", 0)?.title).toBe("Offline — 3 scans waiting");
    const known = { ...SB, status: "in_progress" as const, childCount: 9 };
    expect(planQueuedChild("7950010", known, known, [], HI).message).toBe("ऑफ़लाइन कतार में — 7950010 → SB79501, लगभग 10/30 (अभी पुष्टि नहीं हुई)।");
    expect(planQueuedParent("SB79501", undefined, [], {}, HI).message).toMatch(/^ऑफ़लाइन कतार में — पैरेंट SB79501 अस्थायी रूप से लिया गया;/);
    expect(needsNetworkMessage(HI("scan.changes.undo"), 2, HI)).toBe("वापस लेना: अभी रुकना होगा — 2 स्कैन अभी भेजने बाकी हैं। उनके भेजे जाने के बाद फिर से प्रयास करें।");
    const scan = { kind: "child" as const, qr: "7950010", parentQr: "SB79501" };
    expect(adviceFor("parent_full", scan, HI)).toBe("SB79501 पहले से भरा था: 7950010 को अगले पैरेंट में पैक करें और वहीं स्कैन करें।");
    expect(adviceFor("parent_full", scan)).toBe("SB79501 was already full: pack 7950010 into the next parent and scan it there.");
    expect(adviceFor("something_new", scan, HI)).toMatch(DEVANAGARI);
    expect(describeQueuedScan({ kind: "parent", qr: "SB79501" }, HI)).toBe("पैरेंट SB79501");
  });
});

describe("the gate in Hindi", () => {
  const PASS = {
    code: "GP-20261201-0001",
    vehicleNumber: "RJ14GB1234",
    driverName: "Ramesh Kumar",
    driverPhone: "9829012345",
    coDriverName: null,
    coDriverPhone: null,
    validFrom: "2026-12-01T02:30:00.000Z",
    validUntil: "2026-12-01T14:30:00.000Z",
    usedAt: "2026-12-01T08:35:00.000Z",
    usedBy: "gate1",
    revokedAt: null,
    revokedBy: null,
    revokeReason: null,
    notes: null,
    bill: { billNumber: "INV-1", customer: null, linkedCount: 2, capacity: 2, actualWeightKg: 60, expectedWeightKg: 60 },
  };
  const hindi = { t: HI, locale: "hi" as const };
  const used = { error: { code: "already_used", message: "Already used: pass GP-20261201-0001 let a truck out at …", usedAt: PASS.usedAt, usedBy: "gate1", pass: PASS } };

  it("gives the verdict, the instruction and the server's answer in Hindi; an English reader keeps the server's sentence", () => {
    const o = gateOutcomeOf(409, used, hindi);
    expect(o).toMatchObject({ verdict: "already_used", title: "पहले ही इस्तेमाल", instruction: "इस पास पर ट्रक को बाहर न जाने दें। ऑफ़िस को फ़ोन करें।" });
    expect(o.message).toMatch(/^पहले ही इस्तेमाल: पास GP-20261201-0001 से .*14:05 IST पर एक ट्रक बाहर जा चुका है \(gate1 ने स्कैन किया\)।$/);
    expect(o.facts.map((f) => f.label)).toEqual(["इस्तेमाल हुआ", "स्कैन किया"]);
    expect(gateOutcomeOf(409, used).message).toBe(used.error.message);
    expect(gateOutcomeOf(200, { result: "admitted", pass: PASS }, hindi).message).toBe("पास GP-20261201-0001 मान्य है। बिल INV-1 अब रवाना हो गया है।");
    expect(gateOutcomeOf(400, { error: { code: "invalid_pass", message: "Invalid pass: the code and vehicle do not match." } }, hindi, true).message).toBe(
      "गलत पास: कोड और गाड़ी नंबर मेल नहीं खाते।",
    );
    expect(unreachableOutcome(hindi)).toMatchObject({ title: "जाँच नहीं हुई", message: "सर्वर से कोई जवाब नहीं। नेटवर्क जाँचें और फिर से स्कैन करें।" });
  });
});
