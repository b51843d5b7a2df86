import { formatDateTime } from "@/lib/format";
import type { Locale } from "@/lib/preferences";
import { ENGLISH, type FeedbackState, type Words } from "@/lib/station";
import { formatIstDateTime } from "@/lib/time";

// What the gate station shows for one answer of POST /api/gate/scan: a word for the guard (never
// colour alone), the station's colour/tone family, and the facts to compare with the truck.
// Pure, so the mapping from every status and error code is unit-tested. Worded in the reader's
// language (gate.*, errors.gate_*; English by default).

export type GateVerdict = "admitted" | "already_used" | "invalid" | "not_yet_valid" | "expired" | "revoked" | "not_checked";

/** The pass as the JSON answer carries it (dates as ISO text). */
export interface GatePassView {
  code: string;
  vehicleNumber: string;
  driverName: string;
  driverPhone: string;
  coDriverName: string | null;
  coDriverPhone: string | null;
  validFrom: string;
  validUntil: string;
  usedAt: string | null;
  usedBy: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  notes: string | null;
  bill: { billNumber: string; customer: string | null; linkedCount: number; capacity: number; actualWeightKg: number; expectedWeightKg: number };
}

export interface GateOutcome {
  verdict: GateVerdict;
  /** The big word: ADMITTED, ALREADY USED, … */
  title: string;
  /** What the guard does now. */
  instruction: string;
  /** The answer's own sentence (why). */
  message: string;
  pass: GatePassView | null;
  /** Which colour, flash and tone the shared station uses. */
  tone: Exclude<FeedbackState, "idle">;
  /** Extra lines: when and by whom, the window, the reason. */
  facts: { label: string; value: string }[];
}

const TONES: Record<GateVerdict, GateOutcome["tone"]> = {
  admitted: "complete",
  already_used: "error",
  invalid: "error",
  not_yet_valid: "duplicate",
  expired: "duplicate",
  revoked: "error",
  not_checked: "error",
};

/** How the station words an answer: the reader's translator and language (English by default). */
export interface GateReader {
  t: Words;
  locale: Locale;
}
const ENGLISH_READER: GateReader = { t: ENGLISH, locale: "en" };

/** "1 Dec 2026, 14:05 IST" in the reader's language; "—" for none. */
function ist(iso: string | null | undefined, { t, locale }: GateReader): string {
  if (!iso) return "—";
  return t("gate.facts.at", { time: locale === "en" ? formatIstDateTime(iso) : formatDateTime(iso, locale) });
}

/** The time alone, as the server's sentences write it (before their own " IST"). */
const when = (iso: string, { locale }: GateReader) => (locale === "en" ? formatIstDateTime(iso) : formatDateTime(iso, locale));

function windowFact(pass: GatePassView | null, error: Record<string, unknown>, reader: GateReader): { label: string; value: string } {
  const from = typeof error.validFrom === "string" ? error.validFrom : pass?.validFrom;
  const until = typeof error.validUntil === "string" ? error.validUntil : pass?.validUntil;
  return { label: reader.t("gate.facts.valid"), value: `${ist(from, reader)} → ${ist(until, reader)}` };
}

function outcome(verdict: GateVerdict, message: string, pass: GatePassView | null, reader: GateReader, facts: GateOutcome["facts"] = []): GateOutcome {
  return { verdict, title: reader.t(`gate.titles.${verdict}`), instruction: reader.t(`gate.instructions.${verdict}`), message, pass, tone: TONES[verdict], facts };
}

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * The answer's own sentence: the server's (English) for an English reader; for another, the
 * same sentence from errors.gate_* filled with the answer's details, or the server's when the
 * answer has no such message (a 429, a bill the office reopened: rare, and said in English).
 */
function sentence(code: string, error: Record<string, unknown>, pass: GatePassView | null, english: string, reader: GateReader, manual: boolean): string {
  const { t, locale } = reader;
  if (locale === "en") return english;
  const passCode = pass?.code ?? "";
  switch (code) {
    case "already_used": {
      const usedAt = text(error.usedAt) ?? pass?.usedAt;
      const by = text(error.usedBy) ?? pass?.usedBy;
      if (!usedAt || !pass) return english;
      return t(by ? "errors.gate_already_used_by" : "errors.gate_already_used", { code: passCode, at: when(usedAt, reader), by: by ?? "" });
    }
    case "revoked": {
      if (!pass) return english;
      const reason = pass.revokeReason;
      return t(reason ? "errors.gate_revoked_reason" : "errors.gate_revoked", { code: passCode, reason: reason ?? "" });
    }
    case "outside_window": {
      const from = text(error.validFrom) ?? pass?.validFrom;
      const until = text(error.validUntil) ?? pass?.validUntil;
      if (!pass || !from || !until) return english;
      const key = error.window === "not_yet_valid" ? "errors.gate_not_yet_valid" : "errors.gate_expired";
      return t(key, { code: passCode, from: when(from, reader), until: when(until, reader) });
    }
    case "invalid_pass":
      return t(manual ? "errors.gate_invalid_manual" : "errors.gate_invalid_pass");
    default:
      return english;
  }
}

/**
 * Maps one HTTP answer (status and parsed JSON body, null if none) to what the station shows, in
 * the reader's words; `manual`: the pass code was typed (its refusal says the code and vehicle).
 */
export function gateOutcomeOf(status: number, body: unknown, reader: GateReader = ENGLISH_READER, manual = false): GateOutcome {
  const { t } = reader;
  const b = (body ?? {}) as { result?: string; pass?: GatePassView; error?: Record<string, unknown> };
  if (status === 200 && b.result === "admitted" && b.pass) {
    return outcome("admitted", t("gate.messages.admitted", { code: b.pass.code, bill: b.pass.bill.billNumber }), b.pass, reader);
  }
  const error = b.error ?? {};
  const code = typeof error.code === "string" ? error.code : "";
  const pass = (error.pass as GatePassView | undefined) ?? null;
  const english = typeof error.message === "string" ? error.message : null;
  const message = english === null ? t("gate.messages.httpError", { status }) : sentence(code, error, pass, english, reader, manual);
  switch (code) {
    case "already_used": {
      const usedAt = text(error.usedAt) ?? pass?.usedAt;
      const usedBy = text(error.usedBy) ?? pass?.usedBy;
      return outcome("already_used", message, pass, reader, [
        { label: t("gate.facts.usedAt"), value: ist(usedAt, reader) },
        { label: t("gate.facts.scannedBy"), value: usedBy ?? t("gate.facts.unknown") },
      ]);
    }
    case "revoked": {
      const reason = text(error.reason) ?? pass?.revokeReason;
      return outcome("revoked", message, pass, reader, [
        { label: t("gate.facts.reason"), value: reason ?? "—" },
        ...(pass?.revokedBy ? [{ label: t("gate.facts.revokedBy"), value: `${pass.revokedBy}${pass.revokedAt ? `, ${ist(pass.revokedAt, reader)}` : ""}` }] : []),
      ]);
    }
    case "outside_window":
      return outcome(error.window === "not_yet_valid" ? "not_yet_valid" : "expired", message, pass, reader, [windowFact(pass, error, reader)]);
    case "invalid_pass":
      return outcome("invalid", message, null, reader);
    default:
      // 429, a bill the office reopened, a dropped connection, a sign-in that ran out: not a verdict on the pass.
      return outcome("not_checked", message, pass, reader);
  }
}

/** A request that never got an answer (offline, server down). */
export function unreachableOutcome(reader: GateReader = ENGLISH_READER): GateOutcome {
  return outcome("not_checked", reader.t("gate.messages.unreachable"), null, reader);
}
