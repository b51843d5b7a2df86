import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { MESSAGE_FILES } from "@/i18n/messages";
import { AUDIT_ACTIONS } from "@/lib/dto/audit";
import { ConflictError } from "@/lib/server/errors";
import { localizedErrorMessage } from "@/lib/server/i18n";

// Issue 19: every audit action has a label people read (the stored code stays English), and the
// admin verbs' refusals name their Hindi sentence with `.say(values, "admin_…")`.
// Each key they name is in messages/{en,hi}/errors/admin.json with exactly the values the verb
// fills in, every sentence there is used, and a Hindi reader gets it filled, in Devanagari.

const ROOT = path.resolve(import.meta.dirname, "../..");
const VERB_DIRS = ["users", "admin", "customers", "tokens", "promotions", "imports"].map((d) => path.join(ROOT, "lib/server", d));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith(".ts") ? [full] : [];
  });
}

/** Every `.say({ a: …, b }, "admin_x")` written in the admin verbs: its key and the names it fills. */
function saidKeys(): Map<string, Set<string>> {
  const said = new Map<string, Set<string>>();
  const call = /\.say\(\s*\{([^}]*)\}\s*,\s*"(admin_[a-z0-9_]+)"\s*,?\s*\)/g;
  for (const file of VERB_DIRS.flatMap(sourceFiles)) {
    for (const [, body = "", key = ""] of readFileSync(file, "utf8").matchAll(call)) {
      const names = body
        .split(",")
        .map((part) => part.split(":")[0]?.trim() ?? "")
        .filter(Boolean);
      said.set(key, new Set(names));
    }
  }
  return said;
}

function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    out.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) argumentsOf(option.value, out);
    if (el.type === TYPE.tag) argumentsOf(el.children, out);
  }
  return out;
}

const en = MESSAGE_FILES.en["errors/admin"] as Record<string, string>;
const hi = MESSAGE_FILES.hi["errors/admin"] as Record<string, string>;
const said = saidKeys();

describe("the admin verbs' refusals", () => {
  it("name sentences that exist in English and Hindi, filled with exactly the values the verb gives", () => {
    expect(said.size).toBeGreaterThan(20);
    for (const [key, names] of said) {
      expect(en[key], `${key} missing in messages/en/errors/admin.json`).toBeTypeOf("string");
      expect(hi[key], `${key} missing in messages/hi/errors/admin.json`).toBeTypeOf("string");
      expect([...argumentsOf(parse(en[key] ?? ""))].sort(), `${key}: the verb's values`).toEqual([...names].sort());
    }
  });

  it("leave no sentence in errors/admin.json that no verb says", () => {
    expect(Object.keys(en).filter((key) => !said.has(key))).toEqual([]);
  });

  it.each([...said.keys()])("%s reads in Hindi, filled in", (key) => {
    const values = Object.fromEntries([...(said.get(key) ?? [])].map((name) => [name, `v-${name}`]));
    const err = new ConflictError("some_code", "English sentence.").say(values, key);
    const text = localizedErrorMessage(err, "hi", "English sentence.");
    expect(text).not.toBe("English sentence.");
    expect(text).toMatch(/[\u0900-\u097F]/);
    expect(text).not.toMatch(/[{}]/);
    // Plain values appear as given (select values such as a role pick their Hindi word instead).
    for (const [name, value] of Object.entries(values)) {
      if (!(hi[key] ?? "").includes(`{${name}, select`)) expect(text).toContain(value);
    }
    expect(localizedErrorMessage(err, "en", "English sentence.")).toBe("English sentence.");
  });
});

describe("the audit log's action labels", () => {
  it("name every action the code writes, in English and in Hindi, and nothing else", () => {
    for (const locale of ["en", "hi"] as const) {
      const labels = (MESSAGE_FILES[locale].admin as { audit: { actions: Record<string, string> } }).audit.actions;
      expect(Object.keys(labels).sort(), locale).toEqual([...AUDIT_ACTIONS].sort());
    }
  });
});
