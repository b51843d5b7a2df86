// Tampering with signed texts (gate-pass payloads, status-link tokens): every text one character
// away from a valid one, which a verifier must refuse.

/** Every printable ASCII character, and some that are not ASCII or not printable. */
const REPLACEMENTS = [...Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)), "\u0000", "\u00e9", "\uff21", "\u0410", "\u200b"];

/** Each text that differs from `valid` in exactly one character: every position, every replacement. */
export function* singleCharacterChanges(valid: string): Generator<{ changed: string; at: number; by: string }> {
  for (let at = 0; at < valid.length; at += 1) {
    for (const by of REPLACEMENTS) {
      if (by !== valid[at]) yield { changed: valid.slice(0, at) + by + valid.slice(at + 1), at, by };
    }
  }
}
