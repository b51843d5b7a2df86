import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BASE_CLIENT_NAMESPACES, MESSAGES, pickClientMessages, STATION_NAMESPACES } from "@/i18n/messages";
import { clientNeedsOf, layoutsAbove, namespacesOf, ROOT } from "../support/client-messages-graph";

// Each page carries only the message namespaces its client components can show (issue 20): the
// shell's from app/layout.tsx, the rest from <ClientMessages namespaces={…}> in the layouts above
// it. A namespace a client component uses but no layout provides would show its keys instead
// of words in the browser; this test reads every page's client components and fails first.
const APP = path.join(ROOT, "app");
const rel = (f: string) => path.relative(APP, f);

/** Every file Next renders as a page: pages, and the not-found / forbidden pages at any level. */
const PAGE_FILES = (readdirSync(APP, { recursive: true }) as string[])
  .filter((f) => /(^|\/)(page|not-found|forbidden|error)\.tsx$/.test(f))
  .map((f) => path.join(APP, f))
  .sort();

/** The namespaces a layout (or page) gives with <ClientMessages namespaces={[…]}>, read from its source. */
function providedBy(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/<ClientMessages\s+namespaces=\{([^}]*)\}/g)) {
    const list = m[1] ?? "";
    if (/\bSTATION_NAMESPACES\b/.test(list)) out.push(...STATION_NAMESPACES);
    for (const s of list.matchAll(/["']([A-Za-z]+)["']/g)) if (s[1]) out.push(s[1]);
  }
  return out;
}

describe("the messages each page's browser gets", () => {
  it("finds the pages and reads real needs (the check is not vacuous)", () => {
    expect(PAGE_FILES.length).toBeGreaterThan(50);
    const scan = clientNeedsOf([path.join(APP, "(app)/scan/page.tsx")]);
    expect([...scan.namespaces]).toEqual(expect.arrayContaining(["scan", "station", "offline"]));
    const login = clientNeedsOf([path.join(APP, "(auth)/login/page.tsx")]);
    expect([...login.namespaces]).toContain("auth");
    // A server component's useTranslations runs on the server: the bag list's table needs nothing.
    expect(namespacesOf(path.join(ROOT, "components/bags/bag-table.tsx")).namespaces.has("bags")).toBe(true);
    expect(clientNeedsOf([path.join(APP, "(app)/bags/page.tsx")]).clientFiles.has(path.join(ROOT, "components/bags/bag-table.tsx"))).toBe(false);
  });

  it("every client component's namespace is provided by a layout above its page", () => {
    const problems: string[] = [];
    for (const page of PAGE_FILES) {
      const layouts = layoutsAbove(page);
      const needs = clientNeedsOf([page, ...layouts]);
      const provided = new Set<string>([...BASE_CLIENT_NAMESPACES, ...layouts.flatMap(providedBy), ...providedBy(page)]);
      const missing = [...needs.namespaces].filter((ns) => !provided.has(ns)).sort();
      if (missing.length) problems.push(`${rel(page)}: needs ${missing.join(", ")} (add them to a layout's <ClientMessages>)`);
      for (const f of needs.undeclaredRoot) problems.push(`${f}: useTranslations() with no namespace; say what it reads in a "// client-messages: a, b" comment`);
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it("names only namespaces that exist", () => {
    const known = new Set(Object.keys(MESSAGES.en));
    const layouts = (readdirSync(APP, { recursive: true }) as string[]).filter((f) => f.endsWith("layout.tsx")).map((f) => path.join(APP, f));
    for (const l of layouts) for (const ns of providedBy(l)) expect(known.has(ns), `${rel(l)}: ${ns}`).toBe(true);
  });

  it("gives the browser the namespaces asked for and, of the refusals, only the stations' own", () => {
    const picked = pickClientMessages(MESSAGES.hi, ["common", "errors"]);
    expect(Object.keys(picked).sort()).toEqual(["common", "errors"]);
    expect(picked.common).toBe(MESSAGES.hi.common);
    const errorKeys = Object.keys(picked.errors ?? {});
    expect(errorKeys.length).toBeGreaterThan(0);
    expect(errorKeys.every((k) => k.startsWith("scan_") || k.startsWith("gate_"))).toBe(true);
    expect(errorKeys).not.toContain("auth_too_many_sign_ins");
  });
});
