import { describe, expect, it } from "vitest";
import { isVehicleNumber, normalizeIndianPhone, normalizeVehicleNumber, passStatusOf, PASS_STATUS_LABELS } from "@/lib/passes";
import { IssuePassJson, parsePassTime, passWindowOf, passWindowProblems, PassFilters, RevokePassJson, PassCodeJson } from "@/lib/schemas/passes";
import { PASS_STATUSES } from "@/lib/domain";
import { passCodeOf } from "@/lib/server/passes/code";
import { escapeLike } from "@/lib/server/like";
import { passEventSummary } from "@/lib/server/passes/history";

const H = 3_600_000;
const NOW = new Date("2026-12-01T06:00:00Z"); // 11:30 IST

describe("vehicle numbers", () => {
  it.each([
    ["rj-14 gb 1234", "RJ14GB1234"],
    ["RJ14GB1234", "RJ14GB1234"],
    [" mh.12.ab.1234 ", "MH12AB1234"],
    ["dl 1 c 0001", "DL1C0001"],
    ["22 bh 1234 ab", "22BH1234AB"],
    ["up_32/ab-1234", "UP32AB1234"],
  ])("%j normalises to %s, a valid registration", (raw, normalized) => {
    expect(normalizeVehicleNumber(raw)).toBe(normalized);
    expect(isVehicleNumber(normalized)).toBe(true);
  });

  it.each(["", "1234", "RJ", "RJ14GB12345", "RJ14GBCD1234", "R14GB1234", "RJ141GB1234", "RJ14GB12", "ÄJ14GB1234", "RJ14GB1234\u0000", "22BH1234"])(
    "%j is not a vehicle number",
    (raw) => expect(isVehicleNumber(normalizeVehicleNumber(raw))).toBe(false),
  );
});

describe("normalizeIndianPhone", () => {
  it.each([
    ["9829012345", "9829012345"],
    ["+91 98290-12345", "9829012345"],
    ["+919829012345", "9829012345"],
    ["09829012345", "9829012345"],
    ["0091 9829012345", "9829012345"],
    ["(98290) 12345", "9829012345"],
  ])("%j → %s", (raw, phone) => expect(normalizeIndianPhone(raw)).toBe(phone));

  it.each(["", "12345", "982901234", "98290123456", "+1 9829012345", "+92 9829012345", "98290l2345", "９８２９０１２３４５", "9829012345 ext 2"])("%j is refused", (raw) =>
    expect(normalizeIndianPhone(raw)).toBeNull(),
  );
});

describe("passStatusOf", () => {
  const base = { state: "active" as const, usedAt: null, validFrom: new Date(NOW.getTime() - H), validUntil: new Date(NOW.getTime() + H) };
  it("reads state, use and the clock in that order", () => {
    expect(passStatusOf(base, NOW)).toBe("active");
    expect(passStatusOf({ ...base, validFrom: new Date(NOW.getTime() + 1) }, NOW)).toBe("not_yet_valid");
    expect(passStatusOf({ ...base, validUntil: new Date(NOW.getTime() - 1) }, NOW)).toBe("expired");
    // The window's ends are inside it.
    expect(passStatusOf({ ...base, validFrom: NOW }, NOW)).toBe("active");
    expect(passStatusOf({ ...base, validUntil: NOW }, NOW)).toBe("active");
    expect(passStatusOf({ ...base, state: "expired" }, NOW)).toBe("expired");
    expect(passStatusOf({ ...base, usedAt: NOW }, NOW)).toBe("used");
    expect(passStatusOf({ ...base, usedAt: NOW, validUntil: new Date(NOW.getTime() - H) }, NOW)).toBe("used");
    expect(passStatusOf({ ...base, state: "revoked" }, NOW)).toBe("revoked");
    expect(passStatusOf({ ...base, state: "revoked", validUntil: new Date(0) }, NOW)).toBe("revoked");
  });
  it("has a label for every status", () => {
    for (const s of PASS_STATUSES) expect(PASS_STATUS_LABELS[s]).toBeTruthy();
  });
});

describe("IssuePassJson", () => {
  const good = { billNumber: "INV-1", driverName: " Ramesh Kumar ", driverPhone: "+91 98290 12345", vehicleNumber: "rj-14 gb 1234" };
  const fieldsOf = (input: unknown) => {
    const r = IssuePassJson.safeParse(input);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
  };

  it("normalises the driver, phone and vehicle", () => {
    expect(IssuePassJson.parse(good)).toEqual({ billNumber: "INV-1", driverName: "Ramesh Kumar", driverPhone: "9829012345", vehicleNumber: "RJ14GB1234" });
  });

  it("treats empty optional fields (a form's) as not given", () => {
    expect(IssuePassJson.parse({ ...good, coDriverName: "", coDriverPhone: "", notes: "", validFrom: "", validUntil: null })).toEqual(IssuePassJson.parse(good));
  });

  it("names the field of each bad value", () => {
    expect(Object.keys(fieldsOf({ ...good, driverPhone: "12345" }))).toEqual(["driverPhone"]);
    expect(fieldsOf({ ...good, driverPhone: "12345" }).driverPhone).toMatch(/Driver phone must be a 10-digit/);
    expect(Object.keys(fieldsOf({ ...good, coDriverName: "Suresh", coDriverPhone: "+1 555" }))).toEqual(["coDriverPhone"]);
    expect(Object.keys(fieldsOf({ ...good, vehicleNumber: "ABC" }))).toEqual(["vehicleNumber"]);
    expect(Object.keys(fieldsOf({ ...good, driverName: "R" }))).toEqual(["driverName"]);
    expect(Object.keys(fieldsOf({ ...good, driverName: "R".repeat(101) }))).toEqual(["driverName"]);
    expect(Object.keys(fieldsOf({ ...good, driverName: "Ram\u0000esh" }))).toEqual(["driverName"]);
    expect(Object.keys(fieldsOf({ ...good, notes: "n".repeat(501) }))).toEqual(["notes"]);
    expect(Object.keys(fieldsOf({ ...good, validFrom: "tomorrow" }))).toEqual(["validFrom"]);
    expect(Object.keys(fieldsOf({ ...good, validUntil: "2026-12-01 10:00" }))).toEqual(["validUntil"]);
    expect(Object.keys(fieldsOf({ ...good, extra: 1 }))).toEqual([""]);
    expect(Object.keys(fieldsOf({ billNumber: "X" })).sort()).toEqual(["driverName", "driverPhone", "vehicleNumber"]);
  });

  it("wants a co-driver's name and phone together", () => {
    expect(fieldsOf({ ...good, coDriverPhone: "9829012346" })).toHaveProperty("coDriverName");
    expect(fieldsOf({ ...good, coDriverName: "Suresh" })).toHaveProperty("coDriverPhone");
    expect(IssuePassJson.parse({ ...good, coDriverName: "Suresh", coDriverPhone: "09829012346" })).toMatchObject({ coDriverName: "Suresh", coDriverPhone: "9829012346" });
  });

  it("refuses a non-object with an example", () => {
    expect(IssuePassJson.safeParse("x").error?.issues[0]?.message).toMatch(/Send a JSON object like/);
  });
});

describe("pass times and windows", () => {
  it("reads ISO times with a zone, and a datetime-local value as IST", () => {
    expect(parsePassTime("2026-12-01T04:30:00Z")?.toISOString()).toBe("2026-12-01T04:30:00.000Z");
    expect(parsePassTime("2026-12-01T10:00+05:30")?.toISOString()).toBe("2026-12-01T04:30:00.000Z");
    expect(parsePassTime("2026-12-01T10:00")?.toISOString()).toBe("2026-12-01T04:30:00.000Z");
    expect(parsePassTime("2026-12-01T10:00:30")?.toISOString()).toBe("2026-12-01T04:30:30.000Z");
    for (const bad of ["", "now", "2026-12-01", "2026-13-01T10:00", "2026-12-01 10:00", "1733030400000", "2026-12-01T10:00Zjunk"]) {
      expect(parsePassTime(bad), bad).toBeNull();
    }
  });

  it("defaults to now → now + 12 h", () => {
    expect(passWindowOf({}, NOW)).toEqual({ validFrom: NOW, validUntil: new Date(NOW.getTime() + 12 * H) });
    const from = new Date(NOW.getTime() + 2 * H);
    expect(passWindowOf({ validFrom: from }, NOW)).toEqual({ validFrom: from, validUntil: new Date(from.getTime() + 12 * H) });
  });

  it("refuses a window that ends before it starts, exceeds 48 h, is over, or starts > 7 days ahead", () => {
    const at = (h: number) => new Date(NOW.getTime() + h * H);
    expect(passWindowProblems({ validFrom: at(0), validUntil: at(12) }, NOW)).toEqual({});
    expect(passWindowProblems({ validFrom: at(0), validUntil: at(48) }, NOW)).toEqual({});
    expect(passWindowProblems({ validFrom: at(-47), validUntil: at(1) }, NOW)).toEqual({});
    expect(passWindowProblems({ validFrom: at(2), validUntil: at(1) }, NOW).validUntil?.[0]).toMatch(/after valid from/);
    expect(passWindowProblems({ validFrom: at(2), validUntil: at(2) }, NOW).validUntil?.[0]).toMatch(/after valid from/);
    expect(passWindowProblems({ validFrom: at(0), validUntil: at(48.001) }, NOW).validUntil?.[0]).toMatch(/at most 48 hours/);
    expect(passWindowProblems({ validFrom: at(-10), validUntil: at(-1) }, NOW).validUntil?.[0]).toMatch(/in the past/);
    expect(passWindowProblems({ validFrom: at(7 * 24 + 1), validUntil: at(7 * 24 + 2) }, NOW)).toHaveProperty("validFrom");
    expect(passWindowProblems({ validFrom: at(7 * 24), validUntil: at(7 * 24 + 2) }, NOW)).toEqual({});
  });
});

describe("revoke, code and filter inputs", () => {
  it("wants a reason of 3–200 characters", () => {
    expect(RevokePassJson.safeParse({ code: "GP-20261201-0001", reason: "  ab " }).success).toBe(false);
    expect(RevokePassJson.safeParse({ code: "GP-20261201-0001" }).error?.issues[0]?.message).toBe("Enter a reason for revoking the pass.");
    expect(RevokePassJson.safeParse({ code: "GP-20261201-0001", reason: "x".repeat(201) }).success).toBe(false);
    expect(RevokePassJson.parse({ code: " gp-20261201-0001 ", reason: " Truck broke down " })).toEqual({ code: "GP-20261201-0001", reason: "Truck broke down" });
  });

  it("takes a code in any case", () => expect(PassCodeJson.parse({ code: "gp-20261201-0001" })).toEqual({ code: "GP-20261201-0001" }));

  it("makes codes from the IST day and a number without gaps", () => {
    expect(passCodeOf("2026-12-01", 7)).toBe("GP-20261201-0007");
    expect(passCodeOf("2026-12-01", 12345)).toBe("GP-20261201-12345");
  });

  it("drops a bad status, date or cursor, and reads the cursor under either name", () => {
    expect(PassFilters.parse({ status: "bogus", from: "2026-02-30", q: "" })).toEqual({});
    expect(PassFilters.parse({ status: "revoked", from: "2026-12-01", to: "2026-12-02", q: " rj14 " })).toEqual({ status: "revoked", from: "2026-12-01", to: "2026-12-02", q: "rj14" });
    expect(PassFilters.parse({ cursor: "2026-12-01T10:00:00.123456Z_42" }).cursor).toEqual({ createdAt: "2026-12-01T10:00:00.123456Z", id: 42 });
    expect(PassFilters.safeParse({ from: "2026-12-02", to: "2026-12-01" }).success).toBe(false);
    expect(PassFilters.safeParse({ q: "x".repeat(101) }).success).toBe(false);
  });

  it("escapes LIKE wildcards", () => expect(escapeLike("50%_a\\b")).toBe("50\\%\\_a\\\\b"));
});

describe("pass history wording", () => {
  it("words each action for people", () => {
    expect(passEventSummary("pass_issued", { billNumber: "INV-1", vehicle: "RJ14GB1234", validFrom: "2026-12-01T04:30:00Z", validUntil: "2026-12-01T16:30:00Z" })).toBe(
      "Issued for bill INV-1, vehicle RJ14GB1234, valid 01 Dec 2026, 10:00 – 01 Dec 2026, 22:00 IST",
    );
    expect(passEventSummary("pass_printed", { copy: 2 })).toBe("Printed (copy 2)");
    expect(passEventSummary("pass_revoked", { reason: "Wrong truck" })).toBe("Revoked: Wrong truck");
    expect(passEventSummary("gate_scan", { result: "admitted" })).toBe("Admitted at the gate");
    expect(passEventSummary("gate_scan", { result: "already_used" })).toMatch(/already used/);
    expect(passEventSummary("gate_scan", { result: "outside_window", tooEarly: true })).toMatch(/not yet valid/);
    expect(passEventSummary("gate_scan", { result: "something_new" })).toBe("Gate scan: something new");
    expect(passEventSummary("gate_scan", { result: "outside_window", window: "expired", via: "qr" })).toBe("Refused at the gate: expired");
    expect(passEventSummary("gate_scan", { result: "invalid_pass", reason: "vehicle_mismatch", via: "code" })).toBe(
      "Refused at the gate: the vehicle number typed does not match (code typed by hand)",
    );
    expect(passEventSummary("gate_scan", { result: "revoked", reason: "Wrong truck" })).toBe("Refused at the gate: the pass is revoked (Wrong truck)");
  });
});
