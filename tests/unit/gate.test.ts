import { describe, expect, it } from "vitest";
import { gateOutcomeOf, unreachableOutcome } from "@/components/gate/gate-outcome";
import { homePathFor, navigationFor, stationPageOf } from "@/lib/navigation";
import { GateScanInput } from "@/lib/schemas/gate";

const PAYLOAD = "TTGP1.GP-20261201-0001.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";

describe("GateScanInput", () => {
  it("keeps a payload exactly as scanned (spaces, case, control characters and all): the signature check judges it", () => {
    for (const payload of [PAYLOAD, ` ${PAYLOAD}\n`, PAYLOAD.toLowerCase(), "x\u0000y", "é", "", "A".repeat(10 * 1024), "A".repeat(40 * 1024)]) {
      expect(GateScanInput.parse({ payload })).toEqual({ kind: "payload", payload });
    }
  });

  it("normalises a typed code and vehicle number", () => {
    expect(GateScanInput.parse({ code: " gp-20261201-0001 ", vehicleNumber: "rj-14 gb 1234" })).toEqual({
      kind: "manual",
      code: "GP-20261201-0001",
      vehicleNumber: "RJ14GB1234",
    });
  });

  it("wants exactly one of payload or code + vehicle number, and nothing else", () => {
    const refused = (input: unknown) => GateScanInput.safeParse(input).success === false;
    expect(refused({})).toBe(true);
    expect(refused({ payload: PAYLOAD, code: "GP-20261201-0001", vehicleNumber: "RJ14GB1234" })).toBe(true);
    expect(refused({ payload: PAYLOAD, code: "GP-20261201-0001" })).toBe(true);
    expect(refused({ code: "GP-20261201-0001" })).toBe(true);
    expect(refused({ vehicleNumber: "RJ14GB1234" })).toBe(true);
    expect(refused({ code: "", vehicleNumber: "RJ14GB1234" })).toBe(true);
    expect(refused({ payload: 12 })).toBe(true);
    expect(refused({ payload: PAYLOAD, other: true })).toBe(true);
    expect(refused({ payload: "A".repeat(64 * 1024 + 1) })).toBe(true);
    expect(refused({ code: "GP-20261201-0001\u0000", vehicleNumber: "RJ14GB1234" })).toBe(true);
    expect(refused(null)).toBe(true);
    const missing = GateScanInput.safeParse({ code: "GP-20261201-0001" });
    expect(missing.error?.issues.map((i) => i.path.join("."))).toEqual(["vehicleNumber"]);
  });
});

describe("the gate role's place in the app", () => {
  it("starts at /gate and sees only the Gate item; everyone else starts at /dashboard", () => {
    expect(homePathFor("gate")).toBe("/gate");
    for (const role of ["dispatcher", "biller", "admin"] as const) expect(homePathFor(role)).toBe("/dashboard");
    expect(navigationFor("gate").map((i) => i.href)).toEqual(["/gate"]);
    expect(navigationFor("admin").map((i) => i.href)).toContain("/gate");
    expect(navigationFor("biller").map((i) => i.href)).not.toContain("/gate");
    expect(stationPageOf("/gate")).toBe("scan");
  });
});

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

describe("gateOutcomeOf: every answer has a word, an instruction and a tone", () => {
  it("admitted → ADMITTED, green-family tone, the pass to compare", () => {
    const o = gateOutcomeOf(200, { result: "admitted", pass: PASS });
    expect(o).toMatchObject({ verdict: "admitted", title: "ADMITTED", tone: "complete", pass: { vehicleNumber: "RJ14GB1234" } });
  });

  it("already_used → ALREADY USED with the time in IST and the name", () => {
    const o = gateOutcomeOf(409, { error: { code: "already_used", message: "Already used", usedAt: PASS.usedAt, usedBy: "gate1", pass: PASS } });
    expect(o).toMatchObject({ verdict: "already_used", title: "ALREADY USED", tone: "error" });
    expect(o.facts).toEqual([
      { label: "Used at", value: expect.stringMatching(/1 Dec 2026.*14:05.*IST/) },
      { label: "Scanned by", value: "gate1" },
    ]);
  });

  it("outside_window → NOT YET VALID or EXPIRED (amber) with the window", () => {
    const early = gateOutcomeOf(409, { error: { code: "outside_window", window: "not_yet_valid", message: "m", validFrom: PASS.validFrom, validUntil: PASS.validUntil, pass: PASS } });
    expect(early).toMatchObject({ verdict: "not_yet_valid", title: "NOT YET VALID", tone: "duplicate" });
    expect(early.facts[0]?.value).toMatch(/08:00.*→.*20:00 IST/);
    const late = gateOutcomeOf(409, { error: { code: "outside_window", window: "expired", message: "m", pass: PASS } });
    expect(late).toMatchObject({ verdict: "expired", title: "EXPIRED", tone: "duplicate" });
  });

  it("revoked → REVOKED with the reason; invalid_pass → INVALID OR TAMPERED without pass details", () => {
    const r = gateOutcomeOf(409, { error: { code: "revoked", message: "m", reason: "Truck broke down", pass: { ...PASS, revokeReason: "Truck broke down" } } });
    expect(r).toMatchObject({ verdict: "revoked", title: "REVOKED", tone: "error", facts: [{ label: "Reason", value: "Truck broke down" }] });
    const i = gateOutcomeOf(400, { error: { code: "invalid_pass", message: "Invalid or tampered pass." } });
    expect(i).toMatchObject({ verdict: "invalid", title: "INVALID OR TAMPERED", tone: "error", pass: null, message: "Invalid or tampered pass." });
  });

  it("anything else (429, a 409 from the office, a dead connection) is NOT CHECKED, never a verdict on the pass", () => {
    expect(gateOutcomeOf(429, { error: { code: "rate_limited", message: "Too many gate scans." } })).toMatchObject({ verdict: "not_checked", message: "Too many gate scans." });
    expect(gateOutcomeOf(409, { error: { code: "bill_not_completed", message: "Call the office." } }).verdict).toBe("not_checked");
    expect(gateOutcomeOf(502, null)).toMatchObject({ verdict: "not_checked", message: expect.stringContaining("502") });
    expect(gateOutcomeOf(200, { result: "something" }).verdict).toBe("not_checked");
    expect(unreachableOutcome().verdict).toBe("not_checked");
  });
});

describe("the gate station's markup (server-rendered)", () => {
  it("announces the result in words, with the vehicle large and the facts to compare", async () => {
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { createElement } = await import("react");
    const { GateResultCard } = await import("@/components/gate/gate-result-card");
    const { GateStation } = await import("@/components/gate/gate-station");
    const card = (status: number, body: unknown) => renderToStaticMarkup(createElement(GateResultCard, { outcome: gateOutcomeOf(status, body) }));
    const admitted = card(200, { result: "admitted", pass: PASS });
    expect(admitted).toContain('role="status"');
    expect(admitted).toContain('aria-live="assertive"');
    expect(admitted).toContain('data-verdict="admitted"');
    for (const text of ["ADMITTED", "RJ14GB1234", "Ramesh Kumar", "INV-1", "Parent bags", "60 kg"]) expect(admitted).toContain(text);
    const used = card(409, { error: { code: "already_used", message: "m", usedAt: PASS.usedAt, usedBy: "gate1", pass: PASS } });
    for (const text of ["ALREADY USED", "Used at", "14:05", "IST", "gate1"]) expect(used).toContain(text);
    expect(card(400, { error: { code: "invalid_pass", message: "Invalid or tampered pass." } })).toContain("INVALID OR TAMPERED");
    expect(renderToStaticMarkup(createElement(GateResultCard, { outcome: null }))).toContain("Scan the truck");
    const station = renderToStaticMarkup(createElement(GateStation));
    for (const text of ["Scan the gate pass QR, then Enter", "Use camera", "Damaged QR? Enter the pass code", "This session&#x27;s scans"]) {
      expect(station).toContain(text);
    }
  });
});
