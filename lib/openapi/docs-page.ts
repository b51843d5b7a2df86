import type { Locale, ThemeChoice } from "../preferences";
import type { OpenApiDocument } from "./document";
import { DOCS_STYLE } from "./docs-style";
import type { JsonSchema } from "./json-schema";
import { HTTP_METHODS } from "./types";

// /api/docs: the OpenAPI document as one readable, server-built page (no script, one <style>
// allowed by hash; see docs-style.ts). The chrome is translated (messages/<locale>/docs.json);
// the operations' summaries and descriptions stay as the document says them, marked lang="en".

/** A translator of the `docs` namespace (lib/server/i18n.ts translatorFor). */
export type DocsWords = (key: string, values?: Record<string, string | number>) => string;

export interface DocsPageInput {
  document: OpenApiDocument;
  locale: Locale;
  theme: ThemeChoice;
  t: DocsWords;
  /** A role's name in the reader's language (common.roles.<role>). */
  roleName: (role: string) => string;
}

interface Operation {
  method: string;
  path: string;
  op: JsonSchema;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

const isSchema = (value: unknown): value is JsonSchema => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === "string" ? value : "");
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> => (isSchema(value) ? value : {});

/** Every operation of the document, in its order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => isSchema(item[method])).map((method) => ({ method, path, op: item[method] as JsonSchema })),
  );
}

const opId = (op: JsonSchema) => `op-${str(op.operationId).replace(/[^A-Za-z0-9_-]/g, "")}`;

/** A schema's type as people read it: string, integer[], "a" | null, any. */
export function typeOf(schema: JsonSchema): string {
  if ("const" in schema) return JSON.stringify(schema.const);
  const branches = list(schema.anyOf ?? schema.oneOf).filter(isSchema);
  if (branches.length > 0) return [...new Set(branches.map(typeOf))].join(" | ");
  if (Array.isArray(schema.type)) return schema.type.join(" | ");
  if (schema.type === "array") return `${isSchema(schema.items) ? typeOf(schema.items) : "any"}[]`;
  return typeof schema.type === "string" ? schema.type : "any";
}

/** The rules a schema states, as HTML fragments (each already escaped). */
export function constraintsOf(schema: JsonSchema, t: DocsWords): string[] {
  const out: string[] = [];
  const bound = (key: string, word: string) => {
    if (typeof schema[key] === "number") out.push(escapeHtml(t(`constraints.${word}`, { n: schema[key] as number })));
  };
  bound("minLength", "minLength");
  bound("maxLength", "maxLength");
  bound("minimum", "minimum");
  bound("maximum", "maximum");
  bound("minItems", "minItems");
  bound("maxItems", "maxItems");
  if (Array.isArray(schema.enum)) out.push(`${escapeHtml(t("constraints.oneOf"))} ${schema.enum.map((v) => code(String(v))).join(", ")}`);
  if (typeof schema.format === "string") out.push(`${escapeHtml(t("constraints.format"))} ${code(schema.format)}`);
  else if (typeof schema.pattern === "string") out.push(`${escapeHtml(t("constraints.pattern"))} ${code(schema.pattern)}`);
  if ("default" in schema) out.push(`${escapeHtml(t("constraints.default"))} ${code(JSON.stringify(schema.default))}`);
  for (const branch of list(schema.anyOf ?? schema.oneOf).filter(isSchema)) out.push(...constraintsOf(branch, t));
  if (isSchema(schema.items)) for (const rule of constraintsOf(schema.items, t)) out.push(`${escapeHtml(t("constraints.each"))}: ${rule}`);
  if (typeof schema.description === "string") out.push(`<span class="muted" lang="en">${escapeHtml(schema.description)}</span>`);
  return [...new Set(out)];
}

function table(labelledBy: string, head: string[], rows: string[][]): string {
  const thead = `<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead>`;
  const body = rows.map((cells) => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join("")}</tr>`).join("");
  return `<div class="scroll"><table aria-labelledby="${labelledBy}">${thead}<tbody>${body}</tbody></table></div>`;
}

function accessOf(op: JsonSchema, t: DocsWords, roleName: (role: string) => string): string {
  const access = record(op["x-access"]);
  if (access.public === true) return `${escapeHtml(t("operation.public"))}<br><span class="muted" lang="en">${escapeHtml(str(access.note))}</span>`;
  const roles = list(access.roles).map((r) => escapeHtml(roleName(String(r))));
  const how = access.sessionOnly === true ? t("operation.sessionOnly") : t("operation.sessionOrToken");
  // Lines rather than a sentence: each language keeps its own punctuation out of it.
  return [code(str(access.permission)), `${escapeHtml(t("operation.roles"))}: ${roles.join(", ")}`, escapeHtml(how)].join("<br>");
}

function parametersOf(op: JsonSchema, id: string, t: DocsWords): string {
  const params = list(op.parameters).filter(isSchema);
  if (params.length === 0) return "";
  const rows = params.map((p) => {
    const schema = record(p.schema);
    const rules = constraintsOf({ ...schema, ...(p.description ? { description: p.description } : {}) }, t);
    return [code(str(p.name)), escapeHtml(t(`in.${str(p.in)}`)), code(typeOf(schema)), escapeHtml(t(p.required === true ? "table.yes" : "table.no")), rules.join("<br>")];
  });
  const head = [t("table.name"), t("table.in"), t("table.type"), t("table.required"), t("table.constraints")];
  return `<h4 id="${id}-params">${escapeHtml(t("operation.parameters"))}</h4>${table(`${id}-params`, head, rows)}`;
}

/** The request body's fields as a table: name, type, required, constraints. */
function bodyOf(op: JsonSchema, id: string, t: DocsWords): string {
  const body = record(op.requestBody);
  const [mediaType, media] = Object.entries(record(body.content))[0] ?? [];
  if (!mediaType) return "";
  const schema = record(record(media).schema);
  const parts = Array.isArray(schema.allOf) ? schema.allOf.filter(isSchema) : [schema];
  const required = new Set(parts.flatMap((p) => list(p.required).map(String)));
  const fields = parts.flatMap((p) => Object.entries(record(p.properties)));
  const notes = [code(mediaType)];
  if (body.required !== true) notes.push(escapeHtml(t("operation.bodyOptional")));
  if (schema.additionalProperties === false) notes.push(escapeHtml(t("operation.bodyClosed")));
  let out = `<h4 id="${id}-body">${escapeHtml(t("operation.requestBody"))}</h4><p>${notes.join(" · ")}</p>`;
  if (fields.length === 0) return `${out}<p class="muted">${escapeHtml(t("operation.noFields"))}</p>`;
  const rows = fields.map(([name, value]) => {
    const field = record(value);
    const type = field.contentMediaType ? t("operation.file") : typeOf(field);
    return [code(name), code(type), escapeHtml(t(required.has(name) ? "table.yes" : "table.no")), constraintsOf(field, t).join("<br>")];
  });
  out += table(`${id}-body`, [t("table.field"), t("table.type"), t("table.required"), t("table.constraints")], rows);
  return out;
}

function responsesOf(op: JsonSchema, id: string, t: DocsWords): string {
  const rows = Object.entries(record(op.responses)).map(([status, value]) => {
    const response = record(value);
    const codes = list(response["x-error-codes"]).map((c) => code(String(c)));
    let details: string;
    if (codes.length > 0) details = `${escapeHtml(t("operation.errorCodes"))}: ${codes.join(", ")}`;
    else {
      const content = Object.entries(record(response.content));
      const json = record(record(record(response.content)["application/json"]).schema);
      const keys = Object.keys(record(json.properties));
      details = `<span lang="en">${escapeHtml(str(response.description))}</span>`;
      if (keys.length > 0) details += `<br>${escapeHtml(t("operation.fields"))}: ${keys.map(code).join(", ")}`;
      else if (content.length > 0 && !record(response.content)["application/json"]) details += `<br>${content.map(([type]) => code(type)).join(", ")}`;
    }
    return [code(status), escapeHtml(t(`status.${status}`)), details];
  });
  return `<h4 id="${id}-responses">${escapeHtml(t("operation.responses"))}</h4>${table(`${id}-responses`, [t("table.status"), t("table.meaning"), t("table.details")], rows)}`;
}

function operationHtml({ method, path, op }: Operation, t: DocsWords, roleName: (role: string) => string): string {
  const id = opId(op);
  const description = typeof op.description === "string" ? `<p class="muted" lang="en">${escapeHtml(op.description)}</p>` : "";
  return [
    `<article id="${id}" aria-labelledby="${id}-title">`,
    `<h3 id="${id}-title"><span class="method ${method}">${method.toUpperCase()}</span> ${code(path)}</h3>`,
    `<p lang="en">${escapeHtml(str(op.summary))}</p>${description}`,
    `<dl><dt>${escapeHtml(t("operation.access"))}</dt><dd>${accessOf(op, t, roleName)}</dd><dt>${escapeHtml(t("operation.operationId"))}</dt><dd>${code(str(op.operationId))}</dd></dl>`,
    parametersOf(op, id, t),
    bodyOf(op, id, t),
    responsesOf(op, id, t),
    "</article>",
  ].join("");
}

/** The whole page: every operation grouped by tag, in the document's order. */
export function renderDocsPage({ document, locale, theme, t, roleName }: DocsPageInput): string {
  const operations = operationsOf(document);
  const tags = list(document.tags).map((tag) => str(record(tag).name));
  const grouped = tags.map((tag) => ({ tag, ops: operations.filter((o) => list(o.op.tags)[0] === tag) })).filter((g) => g.ops.length > 0);
  const contents = grouped
    .map(({ tag, ops }) => {
      const links = ops.map(({ method, path, op }) => `<li><a href="#${opId(op)}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`).join("");
      return `<li><a href="#tag-${tag}">${escapeHtml(t(`tags.${tag}`))}</a><ul>${links}</ul></li>`;
    })
    .join("");
  const sections = grouped
    .map(({ tag, ops }) => `<section aria-labelledby="tag-${tag}"><h2 id="tag-${tag}">${escapeHtml(t(`tags.${tag}`))}</h2>${ops.map((o) => operationHtml(o, t, roleName)).join("")}</section>`)
    .join("");
  const basics = ["auth", "changes", "errors", "limits"].map((k) => `<li>${escapeHtml(t(`basics.${k}`))}</li>`).join("");
  const version = str(record(document.info).version);
  return [
    "<!doctype html>",
    `<html lang="${locale}" data-theme="${escapeHtml(theme)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(t("title"))}</title><style>${DOCS_STYLE}</style></head>`,
    `<body><a class="skip" href="#main">${escapeHtml(t("skip"))}</a>`,
    `<header><h1>${escapeHtml(t("title"))}</h1><p>${escapeHtml(t("intro"))}</p><p><a href="/api/openapi.json">${escapeHtml(t("download"))}</a></p></header>`,
    `<nav aria-labelledby="contents"><h2 id="contents">${escapeHtml(t("contents"))}</h2><ul>${contents}</ul></nav>`,
    `<main id="main" tabindex="-1"><section aria-labelledby="basics"><h2 id="basics">${escapeHtml(t("basics.heading"))}</h2><ul class="plain">${basics}</ul></section>${sections}</main>`,
    `<footer><p class="muted">${escapeHtml(t("footer", { version }))}</p></footer>`,
    "</body></html>",
  ].join("");
}
