// Which message namespaces the browser needs for a page: the namespaces used by every client
// component the page (and each layout above it) can render. Read from the source, not a build:
// imports are followed from the page through server components until a "use client" file; from
// there every import runs in the browser, and each of those files' `useTranslations("ns…")` /
// `useWords("ns")` names a namespace. A root translator (`useTranslations()` with no namespace)
// cannot be read, so its file declares what it uses in a comment:
//   // client-messages: scan, station, offline, errors
// tests/unit/client-messages.test.ts holds every page to what its layouts provide.
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const SUFFIXES = ["", ".tsx", ".ts", "/index.tsx", "/index.ts"];

const sources = new Map<string, string>();
function source(file: string): string {
  let text = sources.get(file);
  if (text === undefined) sources.set(file, (text = readFileSync(file, "utf8")));
  return text;
}

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null; // a package: its messages are not ours
  for (const s of SUFFIXES) {
    const f = base + s;
    if (existsSync(f) && statSync(f).isFile() && /\.tsx?$/.test(f)) return f;
  }
  return null;
}

/** Files a module imports at run time (`import type …` and `export type …` run nothing). */
export function importsOf(file: string): string[] {
  const text = source(file);
  const out: string[] = [];
  const statements = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\s\S]*?\s+from\s+)?["']([^"']+)["']/g;
  for (const m of text.matchAll(statements)) {
    if (m[2] || !m[3]) continue;
    const f = resolve(file, m[3]);
    if (f) out.push(f);
  }
  for (const m of text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)) {
    const f = m[1] ? resolve(file, m[1]) : null;
    if (f) out.push(f);
  }
  return out;
}

export const isClientFile = (file: string) => /^\s*(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(source(file));

export interface FileNeeds {
  namespaces: Set<string>;
  /** A root translator with no `client-messages:` comment. */
  undeclaredRoot: boolean;
}

/** The namespaces one file's own code asks for (whether or not it runs in the browser). */
export function namespacesOf(file: string): FileNeeds {
  const raw = source(file);
  // Code only: a comment that mentions useTranslations() asks for nothing.
  const text = raw.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:\\"'`])\/\/[^\n]*/g, "$1");
  const namespaces = new Set<string>();
  for (const m of text.matchAll(/\b(?:useTranslations|useWords)\(\s*["'`]([A-Za-z]+)/g)) if (m[1]) namespaces.add(m[1]);
  const declared = /client-messages:\s*([A-Za-z, ]+)/.exec(raw);
  for (const ns of declared?.[1]?.split(",").map((s) => s.trim()).filter(Boolean) ?? []) namespaces.add(ns);
  // useWords() (components/station/use-words.ts, which declares the stations' namespaces) is
  // followed as an import; a bare useTranslations() must say what it reads.
  const root = /\buseTranslations\(\s*\)/.test(text);
  return { namespaces, undeclaredRoot: root && !declared };
}

export interface ClientNeeds {
  namespaces: Set<string>;
  /** The client files reached (for messages that name the culprit). */
  clientFiles: Set<string>;
  undeclaredRoot: string[];
}

/** Everything the client side of these entry files (a page and its layouts) needs. */
export function clientNeedsOf(entries: string[]): ClientNeeds {
  const clientFiles = new Set<string>();
  const seenServer = new Set<string>();
  const walk = (file: string, inClient: boolean) => {
    const client = inClient || isClientFile(file);
    if (client) {
      if (clientFiles.has(file)) return;
      clientFiles.add(file);
    } else {
      if (seenServer.has(file)) return;
      seenServer.add(file);
    }
    for (const f of importsOf(file)) walk(f, client);
  };
  for (const e of entries) walk(e, false);
  const namespaces = new Set<string>();
  const undeclaredRoot: string[] = [];
  for (const f of clientFiles) {
    const needs = namespacesOf(f);
    for (const ns of needs.namespaces) namespaces.add(ns);
    if (needs.undeclaredRoot) undeclaredRoot.push(path.relative(ROOT, f));
  }
  return { namespaces, clientFiles, undeclaredRoot };
}

/** The layout files above an app file, outermost first (app/layout.tsx … its own folder's). */
export function layoutsAbove(appFile: string): string[] {
  const out: string[] = [];
  let dir = path.dirname(appFile);
  const appDir = path.join(ROOT, "app");
  for (;;) {
    const layout = path.join(dir, "layout.tsx");
    if (existsSync(layout)) out.unshift(layout);
    if (dir === appDir || !dir.startsWith(appDir)) break;
    dir = path.dirname(dir);
  }
  return out;
}
