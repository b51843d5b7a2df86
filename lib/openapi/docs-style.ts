import { createHash } from "node:crypto";
import { API_CSP } from "../security-headers";

// The /api/docs page's one <style> block and the Content-Security-Policy that allows exactly it
// (by hash): no script, no other style, nothing loaded. Constant, so next.config.ts can send the
// policy for /api/docs in place of the JSON routes' API_CSP (which allows no style at all).
//
// Colours: text on background ≥ 7:1, links and badges ≥ 4.5:1, in light, dark and high contrast.
// data-theme is the person's choice as in the app (app/themes.css); "system" follows the device.

const LIGHT = "--bg:#ffffff;--fg:#1b1f24;--muted:#4b5563;--line:#d0d7de;--panel:#f6f8fa;--link:#0a58ca;--focus:#0a58ca;--get:#1e3a8a;--get-bg:#dbeafe;--post:#14532d;--post-bg:#dcfce7;--patch:#713f12;--patch-bg:#fef3c7;--delete:#7f1d1d;--delete-bg:#fee2e2;color-scheme:light";
const DARK = "--bg:#121417;--fg:#e8eaed;--muted:#b4bcc6;--line:#3d444d;--panel:#1c2026;--link:#8cb4ff;--focus:#8cb4ff;--get:#dbeafe;--get-bg:#1e3a8a;--post:#dcfce7;--post-bg:#14532d;--patch:#fef3c7;--patch-bg:#713f12;--delete:#fee2e2;--delete-bg:#7f1d1d;color-scheme:dark";
const CONTRAST = "--bg:#000000;--fg:#ffffff;--muted:#ffffff;--line:#ffffff;--panel:#000000;--link:#ffff00;--focus:#ffff00;--get:#000000;--get-bg:#ffffff;--post:#000000;--post-bg:#ffffff;--patch:#000000;--patch-bg:#ffffff;--delete:#000000;--delete-bg:#ffffff;color-scheme:dark";

export const DOCS_STYLE = [
  `:root{${LIGHT}}`,
  `:root[data-theme="dark"]{${DARK}}`,
  `@media (prefers-color-scheme:dark){:root[data-theme="system"]{${DARK}}}`,
  `:root[data-theme="contrast"]{${CONTRAST}}`,
  `@media (prefers-contrast:more){:root[data-theme="system"]{${CONTRAST}}}`,
  "*{box-sizing:border-box}",
  'body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans Devanagari","Nirmala UI",sans-serif}',
  "a{color:var(--link);text-underline-offset:2px}",
  ":focus-visible{outline:3px solid var(--focus);outline-offset:2px}",
  ".skip{position:absolute;left:-9999px;top:0;background:var(--bg);padding:.5rem 1rem}",
  ".skip:focus{left:1rem;top:1rem;z-index:1}",
  "header,main,footer,nav{max-width:72rem;margin:0 auto;padding:1rem 1.25rem}",
  "header{border-bottom:1px solid var(--line)}",
  "h1{font-size:1.75rem;margin:.5rem 0}",
  "h2{font-size:1.4rem;margin:2rem 0 .75rem;padding-top:.5rem;border-top:2px solid var(--line)}",
  "h3{font-size:1.1rem;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}",
  "h4{font-size:1rem;margin:1rem 0 .35rem}",
  "p{margin:.35rem 0}",
  ".muted{color:var(--muted)}",
  "nav ul{columns:16rem;margin:.25rem 0;padding-left:1.25rem}",
  "nav li{break-inside:avoid;margin:.15rem 0}",
  "article{border:1px solid var(--line);border-radius:.5rem;background:var(--panel);padding:1rem;margin:1rem 0}",
  "code{font:.92em/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}",
  ".method{display:inline-block;min-width:4.5rem;text-align:center;font:700 .85rem/1.6 ui-monospace,monospace;border-radius:.3rem;padding:0 .4rem;border:1px solid var(--line)}",
  ".get{color:var(--get);background:var(--get-bg)}",
  ".post{color:var(--post);background:var(--post-bg)}",
  ".put,.patch{color:var(--patch);background:var(--patch-bg)}",
  ".delete{color:var(--delete);background:var(--delete-bg)}",
  "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}",
  "dt{font-weight:600}",
  "dd{margin:0}",
  ".scroll{overflow-x:auto}",
  "table{border-collapse:collapse;width:100%;margin:.25rem 0 .5rem;background:var(--bg)}",
  "th,td{border:1px solid var(--line);padding:.35rem .5rem;text-align:left;vertical-align:top}",
  "thead th{background:var(--panel)}",
  "ul.plain{margin:.25rem 0;padding-left:1.25rem}",
].join("\n");

/** 'sha256-…' of the style block, as CSP hashes it (the UTF-8 bytes between the tags). */
export const DOCS_STYLE_HASH = `'sha256-${createHash("sha256").update(DOCS_STYLE, "utf8").digest("base64")}'`;

/** The JSON routes' policy, plus the one style block. */
export const DOCS_CSP = API_CSP.replace("default-src 'none'", `default-src 'none'; style-src ${DOCS_STYLE_HASH}`);
