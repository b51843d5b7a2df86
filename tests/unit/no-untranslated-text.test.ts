import { RuleTester } from "eslint";
import { afterAll, describe, it } from "vitest";
import plugin from "../../eslint-rules/no-untranslated-text.mjs";

// Issue 19: the lint rule that keeps English literals out of rendered JSX (every word comes from
// messages/<locale>). RuleTester runs each case through ESLint's real parser.

// RuleTester's hooks for a test runner (static properties its typings leave out).
Object.assign(RuleTester, { afterAll, describe, it, itOnly: it.only });

const tester = new RuleTester({ languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } });
const literal = [{ messageId: "literal" }];

tester.run("no-untranslated-text", plugin.rules["no-untranslated-text"], {
  valid: [
    'const a = <p>{t("scan.ready")}</p>;',
    "const b = <p>{count} / {capacity}</p>;",
    'const c = <span aria-hidden="true">✓</span>;',
    'const d = <p className="text-lg font-bold" data-testid="scan-feedback">{message}</p>;',
    'const e = <input type="search" name="q" autoComplete="off" />;',
    'const f = <p>{ok ? "✓" : "✕"} · →</p>;',
    'const g = <input placeholder={t("lookup.placeholder")} aria-label={t("lookup.label")} />;',
    "const h = <p>{`${done}/${total}`}</p>;",
    'const i = <p>{"—"}</p>;',
  ],
  invalid: [
    { code: "const a = <p>Scan a parent bag</p>;", errors: literal },
    { code: 'const b = <p>{"Scan a parent bag"}</p>;', errors: literal },
    { code: "const c = <p>{`Parent ${qr} is full`}</p>;", errors: literal },
    { code: 'const d = <p>{ok ? "Saved" : "Not saved"}</p>;', errors: [...literal, ...literal] },
    { code: 'const e = <input placeholder="QR code" />;', errors: literal },
    { code: 'const f = <button aria-label="Close menu">×</button>;', errors: literal },
    { code: 'const g = <img alt="Company logo" src="/x.png" />;', errors: literal },
    { code: 'const h = <Field label="Username" name="username" />;', errors: literal },
    { code: 'const i = <p>{error || "Something went wrong"}</p>;', errors: literal },
    { code: "const j = <p>पैरेंट बैग स्कैन करें</p>;", errors: literal },
  ],
});
