import { DISPATCH_AREAS, type DispatchArea } from "./domain";

// Pure rules of directory (LDAP) sign-in (DESIGN.md §8, seed 003): the name typed, the filter
// built from it, and the group → role map. The directory conversation is lib/server/auth/ldap-client.ts.

/** The roles a directory group may grant, strongest first (the strongest of a user's groups wins). */
export const DIRECTORY_ROLES = ["admin", "biller", "dispatcher"] as const;
export type DirectoryRole = (typeof DIRECTORY_ROLES)[number];

export interface GroupRole {
  /** The group's CN, lower-cased (directory names compare case-insensitively). */
  group: string;
  role: DirectoryRole;
  dispatchArea: DispatchArea | null;
}

export interface DirectoryPlacement {
  role: DirectoryRole;
  dispatchArea: DispatchArea | null;
  /** The group that granted it. */
  group: string;
}

/**
 * The account name in what a person typed: `CORP\jdoe` and `jdoe@corp.example` are both `jdoe`
 * (Windows habits). Anything else is returned as typed.
 */
export function directoryName(typed: string): string {
  let name = typed.trim();
  const slash = name.lastIndexOf("\\");
  if (slash > 0 && slash < name.length - 1) name = name.slice(slash + 1);
  const at = name.indexOf("@");
  if (at > 0) name = name.slice(0, at);
  return name;
}

// Control characters (NUL included) never belong in an account name; refused before any search.
const CONTROL = /[\u0000-\u001f\u007f]/;

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/** `value` fit for a log line or an audit row: control characters shown as "?". */
export function printable(value: string, max = 64): string {
  return value.slice(0, max).replace(new RegExp(CONTROL.source, "g"), "?");
}

/**
 * A name the directory may be asked about: 3–64 characters (an account name's bounds here), no
 * control characters, no "@" or "\" left after directoryName.
 */
export function isSearchableName(name: string): boolean {
  return name.length >= 3 && name.length <= 64 && !CONTROL.test(name) && !/[@\\]/.test(name);
}

/**
 * A value as it may stand inside an LDAP filter (RFC 4515 §3): the characters that have a
 * meaning there — `*`, `(`, `)`, `\` and NUL — as `\XX` hex escapes. `*)(uid=*` becomes
 * `\2a\29\28uid=\2a`, a literal that matches nobody's name.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\u0000]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** The configured user filter with every `{user}` replaced by the escaped name. */
export function userFilter(template: string, name: string): string {
  return template.replaceAll("{user}", escapeFilterValue(name));
}

/** Why a user filter template is unusable, or null: it must be one parenthesised filter naming {user}. */
export function userFilterProblem(template: string): string | null {
  if (!template.includes("{user}")) return "must contain {user} where the account name goes, e.g. (uid={user})";
  if (!template.startsWith("(") || !template.endsWith(")")) return "must be one filter in parentheses, e.g. (uid={user})";
  let depth = 0;
  for (const c of template.replace(/\\[0-9a-fA-F]{2}/g, "")) {
    if (c === "(") depth += 1;
    if (c === ")") depth -= 1;
    if (depth < 0) return "has a ')' without its '('";
  }
  return depth === 0 ? null : "has a '(' without its ')'";
}

/**
 * LDAP_GROUP_ROLES, e.g. `tt-admins=admin,tt-billers=biller,tt-lucknow=dispatcher:lucknow`: group
 * CN → role (a dispatcher's area after a colon). Returns the map or the problems, each naming the
 * entry, so the start-up check can say exactly what to fix.
 */
export function parseGroupRoles(text: string): { ok: true; value: GroupRole[] } | { ok: false; problems: string[] } {
  const value: GroupRole[] = [];
  const problems: string[] = [];
  const entries = text
    .split(/[,;\n]/)
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return { ok: false, problems: ["must map at least one group, e.g. tt-admins=admin"] };
  for (const entry of entries) {
    const match = /^([^=]+)=([a-z_]+)(?::([a-z_]+))?$/i.exec(entry);
    const group = match?.[1]?.trim().toLowerCase();
    const role = match?.[2]?.toLowerCase();
    const area = match?.[3]?.toLowerCase();
    if (!match || !group || !role) {
      problems.push(`entry "${entry}" must look like group=role or group=dispatcher:area`);
    } else if (!(DIRECTORY_ROLES as readonly string[]).includes(role)) {
      problems.push(`entry "${entry}": the role must be one of ${DIRECTORY_ROLES.join(", ")}`);
    } else if (role === "dispatcher" && !area) {
      problems.push(`entry "${entry}": a dispatcher needs an area, e.g. ${group}=dispatcher:lucknow`);
    } else if (role === "dispatcher" && !(DISPATCH_AREAS as readonly string[]).includes(area ?? "")) {
      problems.push(`entry "${entry}": "${area}" is not a dispatch area (${DISPATCH_AREAS.join(", ")})`);
    } else if (role !== "dispatcher" && area) {
      problems.push(`entry "${entry}": only a dispatcher has an area`);
    } else if (value.some((v) => v.group === group)) {
      problems.push(`entry "${entry}": the group ${group} is mapped twice`);
    } else {
      value.push({ group, role: role as DirectoryRole, dispatchArea: role === "dispatcher" ? (area as DispatchArea) : null });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/**
 * The role a user's groups give: the strongest mapped one (admin > biller > dispatcher); among
 * several dispatcher groups, the first in the map sets the area. Null: no mapped group.
 */
export function placementFromGroups(groups: readonly string[], map: readonly GroupRole[]): DirectoryPlacement | null {
  const held = new Set(groups.map((g) => g.toLowerCase()));
  for (const role of DIRECTORY_ROLES) {
    const entry = map.find((m) => m.role === role && held.has(m.group));
    if (entry) return { role, dispatchArea: entry.dispatchArea, group: entry.group };
  }
  return null;
}

/** The CN of a group DN (`cn=tt-admins,ou=groups,…` → `tt-admins`), or null when it has none first. */
export function cnOfDn(dn: string): string | null {
  const match = /^\s*cn\s*=\s*((?:\\.|[^,+])*)/i.exec(dn);
  if (!match?.[1]) return null;
  return match[1].replace(/\\([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, "$1").trim();
}
