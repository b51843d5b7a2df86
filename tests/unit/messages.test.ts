import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { MESSAGE_FILES } from "@/i18n/messages";

// Issue 19: every message exists in English and Hindi with the same keys and the same
// placeholders, parses as ICU, and the Hindi is Hindi (Devanagari), not English copied across.

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = "", out: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[path] = value;
    else flatten(value, path, out);
  }
  return out;
}

/** The argument names a message fills in ({count}, {qr}, plural/select arguments, tags). */
function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    out.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) argumentsOf(option.value, out);
    if (el.type === TYPE.tag) argumentsOf(el.children, out);
  }
  return out;
}

/** Words that stay as they are in Hindi text: codes, units and names of things. */
const KEPT = /\b(?:TraceTrack|SB|M444|QR|OK|IPT|CSV|XLSX|PDF|API|JSON|TOTP|2FA|IST|URL|ID|LDAP|SMTP|A4|mm|kg|IP|HTTP|CSRF|OpenAPI|Bearer|Excel|Android|iOS|Wi-Fi|Chrome|Google|Authenticator|Microsoft|Enter|Tab|Esc|Shift|Ctrl|Space|English)\b/g;

const files = Object.keys(MESSAGE_FILES.en);

describe("message files", () => {
  it("every English file has a Hindi file and the other way round", () => {
    expect(Object.keys(MESSAGE_FILES.hi).sort()).toEqual([...files].sort());
  });

  it.each(files)("%s: the same keys in both languages", (file) => {
    const en = flatten(MESSAGE_FILES.en[file] as Tree);
    const hi = flatten(MESSAGE_FILES.hi[file] as Tree);
    expect(Object.keys(hi).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(files)("%s: every message parses and fills the same placeholders", (file) => {
    const en = flatten(MESSAGE_FILES.en[file] as Tree);
    const hi = flatten(MESSAGE_FILES.hi[file] as Tree);
    for (const [key, text] of Object.entries(en)) {
      expect(text.trim(), `${file}:${key} (en) is empty`).not.toBe("");
      const enArgs = [...argumentsOf(parse(text))].sort();
      const hiText = hi[key];
      if (hiText === undefined) continue;
      expect(hiText.trim(), `${file}:${key} (hi) is empty`).not.toBe("");
      expect([...argumentsOf(parse(hiText))].sort(), `${file}:${key}: placeholders differ`).toEqual(enArgs);
    }
  });

  it.each(files)("%s: the Hindi is written in Devanagari", (file) => {
    const hi = flatten(MESSAGE_FILES.hi[file] as Tree);
    const english: string[] = [];
    for (const [key, text] of Object.entries(hi)) {
      // Placeholders, tags, kept words and anything without two Latin letters in a row are not English.
      const rest = text.replace(/\{[^{}]*\}/g, " ").replace(/<\/?[a-z]+>/g, " ").replace(KEPT, " ");
      if (/[A-Za-z]{2}/.test(rest) && !/[\u0900-\u097F]/.test(text)) english.push(`${key}: ${text}`);
    }
    expect(english, "Hindi messages with English words and no Devanagari").toEqual([]);
  });
});

describe("the checker itself", () => {
  it("finds the placeholders of plural, select and tag messages", () => {
    const args = argumentsOf(parse("{count, plural, one {# bag on {bill}} other {# bags}} <b>{who}</b> {kind, select, a {x} other {y}}"));
    expect([...args].sort()).toEqual(["b", "bill", "count", "kind", "who"]);
  });
});
