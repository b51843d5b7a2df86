import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { MESSAGES } from "@/i18n/messages";
import { tooManyAttemptsError } from "@/lib/server/auth/attempts";
import { AppError, ConflictError } from "@/lib/server/errors";
import { localizedErrorMessage } from "@/lib/server/i18n";

// Issue 19: the sign-in flow's refusals read in Hindi for a Hindi reader (the English sentence,
// what the JSON API answers, stays as it was). Only the database handle is stood in for.

vi.mock("@/lib/server/db", () => ({ getDb: () => ({ fake: "db" }) }));

const AUTH_DIR = path.join(import.meta.dirname, "../../lib/server/auth");
const sources = [
  ...readdirSync(AUTH_DIR).map((f) => path.join(AUTH_DIR, f)),
  path.join(import.meta.dirname, "../../lib/server/users/preferences.ts"),
].map((file) => readFileSync(file, "utf8"));

/** Every key under `errors` the sign-in code names: `.say(…, "key")`, `key: "…"` of an ErrorText, and thrown codes. */
function namedKeys(): string[] {
  const keys = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(/\.say\([^;]*?,\s*"([a-z0-9_]+)"\s*\)/g)) keys.add(m[1] ?? "");
    for (const m of text.matchAll(/\bkey: "([a-z0-9_]+)"/g)) keys.add(m[1] ?? "");
    for (const m of text.matchAll(/"(auth_[a-z0-9_]+)"/g)) keys.add(m[1] ?? "");
  }
  return [...keys].filter(Boolean).sort();
}

describe("the sign-in flow's refusals in Hindi", () => {
  it("has an English and a Hindi sentence for every key the code names", () => {
    const keys = namedKeys();
    expect(keys.length).toBeGreaterThan(15);
    const errors: Record<"en" | "hi", Record<string, unknown>> = { en: MESSAGES.en.errors, hi: MESSAGES.hi.errors };
    expect(keys.filter((k) => typeof errors.en[k] !== "string" || typeof errors.hi[k] !== "string")).toEqual([]);
  });

  it("words a spent budget with its wait: seconds below 90, whole minutes above", () => {
    const soon = tooManyAttemptsError(42, "sign-in attempts");
    expect(soon.message).toBe("Too many sign-in attempts. Please wait 42 seconds and try again.");
    expect(localizedErrorMessage(soon, "hi", soon.message)).toBe("बहुत ज़्यादा साइन इन प्रयास। कृपया 42 सेकंड रुकें और फिर से प्रयास करें।");

    const later = tooManyAttemptsError(301, "code attempts");
    expect(later.message).toBe("Too many code attempts. Please wait 6 minutes and try again.");
    expect(localizedErrorMessage(later, "hi", later.message)).toBe("बहुत ज़्यादा कोड प्रयास। कृपया 6 मिनट रुकें और फिर से प्रयास करें।");

    const one = tooManyAttemptsError(1, "attempts");
    expect(one.message).toBe("Too many attempts. Please wait 1 second and try again.");
    expect(localizedErrorMessage(one, "en", one.message)).toBe(one.message);
    expect(localizedErrorMessage(one, "hi", one.message)).toContain("1 सेकंड");
  });

  it("fills a refusal's values into the Hindi, and keeps English for an English reader", () => {
    const noTotp = new ConflictError("totp_not_enabled", "meera has no two-factor authentication to reset.").say({ username: "meera" }, "auth_no_totp_to_reset");
    expect(localizedErrorMessage(noTotp, "hi", noTotp.message)).toBe("meera का कोई टू-फ़ैक्टर ऑथेंटिकेशन नहीं है जिसे रीसेट किया जाए।");
    expect(localizedErrorMessage(noTotp, "en", noTotp.message)).toBe(noTotp.message);

    const wrong = new AppError(401, "invalid_credentials", "Wrong username or password.");
    expect(localizedErrorMessage(wrong, "hi", wrong.message)).toBe("यूज़रनेम या पासवर्ड गलत है।");
  });
});
