import { describe, expect, it } from "vitest";
import {
  actionForKey,
  addKey,
  DEFAULT_IDLE_SUBMIT_MS,
  EMPTY_BURST,
  isCharacterKey,
  isScannerBurst,
  parseIdleSubmitMs,
  TERMINATOR_ECHO_MS,
  type Burst,
} from "@/components/station/scan-keys";

const LONG_AGO = Number.POSITIVE_INFINITY;

/** The burst after keys typed at these times (ms). */
function burstOf(times: number[]): Burst {
  return times.reduce(addKey, EMPTY_BURST);
}

describe("actionForKey", () => {
  it("submits on Tab after a typed code, so the focus stays in the input", () => {
    expect(actionForKey("Tab", { empty: false, shift: false, msSinceSubmit: LONG_AGO })).toBe("submit");
  });

  it("lets Tab and Shift+Tab move the focus when nothing is typed (keyboard users)", () => {
    expect(actionForKey("Tab", { empty: true, shift: false, msSinceSubmit: LONG_AGO })).toBe("default");
    expect(actionForKey("Tab", { empty: false, shift: true, msSinceSubmit: 0 })).toBe("default");
  });

  it("swallows a Tab that follows a scan just submitted (a scanner's Tab after a pause-submit)", () => {
    expect(actionForKey("Tab", { empty: true, shift: false, msSinceSubmit: 120 })).toBe("swallow");
    expect(actionForKey("Tab", { empty: true, shift: false, msSinceSubmit: TERMINATOR_ECHO_MS })).toBe("default");
  });

  it("leaves Enter to the form, clears on Escape, and lets characters through", () => {
    expect(actionForKey("Enter", { empty: false, shift: false, msSinceSubmit: LONG_AGO })).toBe("default");
    expect(actionForKey("Escape", { empty: false, shift: false, msSinceSubmit: LONG_AGO })).toBe("clear");
    expect(actionForKey("7", { empty: false, shift: false, msSinceSubmit: 0 })).toBe("default");
  });
});

describe("scanner bursts and the idle submit", () => {
  it("counts keys under 30 ms apart as a scanner burst once there are at least 4", () => {
    expect(isScannerBurst(burstOf([1000, 1005, 1012, 1020]))).toBe(true);
    expect(isScannerBurst(burstOf([1000, 1005, 1012]))).toBe(false);
    expect(isScannerBurst(EMPTY_BURST)).toBe(false);
  });

  it("never treats a person's typing as a scanner burst, even if the last keys come fast", () => {
    // One slow gap anywhere in the burst rules it out until the input is emptied.
    expect(isScannerBurst(burstOf([1000, 1150, 1160, 1170, 1180, 1190]))).toBe(false);
    expect(isScannerBurst(burstOf([1000, 1010, 1020, 1030, 1200]))).toBe(false);
    expect(isScannerBurst(burstOf([1000, 1030, 1060, 1090]))).toBe(false); // exactly 30 ms: a fast typist
  });

  it("starts a new burst after the input was emptied", () => {
    const slow = burstOf([0, 500, 1000, 1500]);
    expect(isScannerBurst(slow)).toBe(false);
    expect(isScannerBurst([5000, 5004, 5008, 5012].reduce(addKey, EMPTY_BURST))).toBe(true);
  });

  it("records only plain characters as keys", () => {
    expect(isCharacterKey("A", false)).toBe(true);
    expect(isCharacterKey("A", true)).toBe(false);
    for (const key of ["Shift", "Tab", "Enter", "ArrowLeft", "F2"]) expect(isCharacterKey(key, false)).toBe(false);
  });

  it("reads the device's idle setting, falling back to 100 ms for anything unknown", () => {
    expect(DEFAULT_IDLE_SUBMIT_MS).toBe(100);
    expect(parseIdleSubmitMs("0")).toBe(0);
    expect(parseIdleSubmitMs("200")).toBe(200);
    expect(parseIdleSubmitMs(null)).toBe(100);
    expect(parseIdleSubmitMs("")).toBe(100);
    expect(parseIdleSubmitMs("7")).toBe(100);
  });
});
