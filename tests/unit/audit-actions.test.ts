import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SCAN_ACTIONS } from "@/db/schema";
import { AUDIT_ACTIONS } from "@/lib/dto/audit";

// The audit viewer suggests AUDIT_ACTIONS as action filters: every action the server writes must
// be there (a new audit call without it fails here), and nothing the server no longer writes.
const SERVER = path.join(import.meta.dirname, "../../lib/server");

function sourcesUnder(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return /\.tsx?$/.test(entry.name) ? [{ file: path.relative(SERVER, full), text: readFileSync(full, "utf8") }] : [];
  });
}

const sources = sourcesUnder(SERVER);
const scanEvents = new Set<string>(SCAN_ACTIONS);

/** `action: "x"` literals (audit entries and bill changes' `audit: {action}`), and the names login-flow's `limited(…)` writes. */
function actionsWritten(): Map<string, string> {
  const found = new Map<string, string>();
  for (const { file, text } of sources) {
    for (const m of text.matchAll(/\baction:\s*"([a-z0-9_]+)"/g)) if (m[1] && !scanEvents.has(m[1])) found.set(m[1], file);
    for (const m of text.matchAll(/\blimited\([^;]*?"([a-z0-9]+_[a-z0-9_]+)"/g)) if (m[1]) found.set(m[1], file);
  }
  return found;
}

describe("the audit action list", () => {
  it("holds every action name the server writes to the audit log", () => {
    const written = actionsWritten();
    // The scan for names works: the sign-in, rate-limit and data events are all found.
    for (const name of ["login_success", "login_rate_limited", "2fa_blocked_locked", "2fa_step_reused", "account_locked", "child_linked", "bill_parent_added"]) {
      expect(written.has(name), name).toBe(true);
    }
    const missing = [...written].filter(([name]) => !(AUDIT_ACTIONS as readonly string[]).includes(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing, "add these to AUDIT_ACTIONS in lib/dto/audit.ts").toEqual([]);
  });

  it("suggests no action the server never writes, and each once", () => {
    const all = sources.map((s) => s.text).join("\n");
    expect(AUDIT_ACTIONS.filter((name) => !all.includes(`"${name}"`))).toEqual([]);
    expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
  });
});
