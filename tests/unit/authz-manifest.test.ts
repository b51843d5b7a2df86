import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, PAGES, PRINCIPALS, ROUTES } from "../authz-manifest";

// The manifest must list exactly what the app has: adding a page, a route, an HTTP method or a
// server action without deciding who may reach it fails here.
const APP = path.join(import.meta.dirname, "../../app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function filesNamed(dir: string, names: string[], base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, names, base);
    return names.includes(entry.name) ? [path.relative(base, full).split(path.sep).join("/")] : [];
  });
}

const source = (file: string) => readFileSync(path.join(APP, file), "utf8");

/** Exported names: `export [async] function x`, `export const x =`, `export const { x, y } =`. */
function exportedNames(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/export\s+(?:async\s+)?function\s+([A-Za-z_$][\w$]*)/g)) if (m[1]) names.add(m[1]);
  for (const m of text.matchAll(/export\s+const\s+([A-Za-z_$][\w$]*)\s*[=:]/g)) if (m[1]) names.add(m[1]);
  for (const m of text.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g)) {
    for (const part of (m[1] ?? "").split(",")) {
      const name = part.split(":").pop()?.trim();
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

const sorted = (values: Iterable<string>) => [...values].sort();

describe("the authorization manifest", () => {
  it("lists every page under app/, and nothing else", () => {
    expect(sorted(Object.keys(PAGES))).toEqual(sorted(filesNamed(APP, ["page.tsx"])));
  });

  it("lists every route handler with exactly its exported HTTP methods", () => {
    const routes = filesNamed(APP, ["route.ts"]);
    expect(sorted(Object.keys(ROUTES))).toEqual(sorted(routes));
    for (const file of routes) {
      const methods = exportedNames(source(file)).filter((n) => METHODS.includes(n));
      expect(sorted(Object.keys(ROUTES[file] ?? {})), file).toEqual(methods);
    }
  });

  it("lists every server action file with exactly its exported actions", () => {
    const files = filesNamed(APP, ["actions.ts"]);
    expect(sorted(Object.keys(ACTIONS))).toEqual(sorted(files));
    for (const file of files) {
      const text = source(file);
      expect(text.trimStart().startsWith('"use server"'), `${file} starts with "use server"`).toBe(true);
      expect(sorted(Object.keys(ACTIONS[file] ?? {})), file).toEqual(exportedNames(text));
    }
  });

  it("finds no server action files outside app/ that would escape the matrix", () => {
    const roots = ["components", "lib"].map((d) => path.join(import.meta.dirname, "../..", d));
    const withDirective = roots.flatMap((root) =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
        .map((e) => path.join(e.parentPath, e.name))
        .filter((f) => readFileSync(f, "utf8").trimStart().startsWith('"use server"')),
    );
    expect(withDirective).toEqual([]);
  });

  it("names only known principals, and the anonymous visitor only where something is public", () => {
    const sets = [
      ...Object.values(PAGES).map((p) => p.allow),
      ...Object.values(ROUTES).flatMap((r) => Object.values(r).map((c) => c.allow)),
      ...Object.values(ACTIONS).flatMap((a) => Object.values(a).map((e) => e.allow)),
    ];
    for (const allow of sets) for (const p of allow) expect(PRINCIPALS).toContain(p);
    for (const [file, actions] of Object.entries(ACTIONS)) {
      for (const [name, entry] of Object.entries(actions)) {
        expect(entry.allow.includes("anonymous"), `${file} ${name}: anonymous only if public`).toBe(Boolean(entry.public));
      }
    }
  });
});
