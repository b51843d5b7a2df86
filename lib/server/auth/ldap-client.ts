import "server-only";
import { Client, InvalidCredentialsError, ResultCodeError } from "ldapts";
import { cnOfDn, escapeFilterValue, userFilter, type GroupRole } from "@/lib/directory";
import { getEnv, type Env } from "../env";

// The conversation with the directory (LDAP / Active Directory) for one sign-in: the service
// account finds the person and their groups, then the person's own DN binds with the password.

export interface DirectoryConfig {
  url: string;
  baseDn: string;
  groupBaseDn: string;
  bindDn: string;
  bindPassword: string;
  userFilter: string;
  groupRoles: GroupRole[];
  timeoutMs: number;
}

/** The directory this server signs staff in with, or null when LDAP_URL is unset (directory sign-in off). */
export function directoryConfig(env: Env = getEnv()): DirectoryConfig | null {
  const { LDAP_URL, LDAP_BASE_DN, LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_GROUP_ROLES } = env;
  // parseEnv refuses LDAP_URL without the others; this narrows the types.
  if (!LDAP_URL || !LDAP_BASE_DN || !LDAP_BIND_DN || !LDAP_BIND_PASSWORD || !LDAP_GROUP_ROLES) return null;
  return {
    url: LDAP_URL,
    baseDn: LDAP_BASE_DN,
    groupBaseDn: env.LDAP_GROUP_BASE_DN ?? LDAP_BASE_DN,
    bindDn: LDAP_BIND_DN,
    bindPassword: LDAP_BIND_PASSWORD,
    userFilter: env.LDAP_USER_FILTER,
    groupRoles: LDAP_GROUP_ROLES,
    timeoutMs: env.LDAP_TIMEOUT_MS,
  };
}

export type DirectoryAnswer =
  | { kind: "ok"; dn: string; mail: string | null; groups: string[] }
  | { kind: "unknown_user" }
  /** The filter matched several entries: nobody is signed in as "one of them". */
  | { kind: "ambiguous" }
  | { kind: "bad_password" }
  /** Not reachable, too slow, or the service account was refused; `detail` is for the log only. */
  | { kind: "unavailable"; detail: string };

class DirectoryTimeout extends Error {}

const first = (value: unknown): string | null => {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === "string" && v !== "" ? v : null;
};
const all = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");

/**
 * Checks `name` and `password` against the directory within config.timeoutMs in all (connect
 * and every operation together). An empty password is never sent: a simple bind with one is an
 * anonymous bind, which succeeds. `name` must already be searchable (isSearchableName).
 */
export async function askDirectory(config: DirectoryConfig, name: string, password: string): Promise<DirectoryAnswer> {
  const client = new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DirectoryTimeout(`no answer within ${config.timeoutMs} ms`)), config.timeoutMs);
  });
  try {
    return await Promise.race([converse(client, config, name, password), deadline]);
  } catch (err) {
    return { kind: "unavailable", detail: describe(err) };
  } finally {
    clearTimeout(timer);
    // Not awaited: on a hung server even the goodbye could wait; the socket is destroyed anyway.
    client.unbind().catch(() => undefined);
  }
}

async function converse(client: Client, config: DirectoryConfig, name: string, password: string): Promise<DirectoryAnswer> {
  if (password === "") return { kind: "bad_password" };
  try {
    await client.bind(config.bindDn, config.bindPassword);
  } catch (err) {
    throw err instanceof InvalidCredentialsError ? new Error("the service account (LDAP_BIND_DN) was refused: check LDAP_BIND_PASSWORD") : err;
  }
  const { searchEntries } = await client.search(config.baseDn, {
    scope: "sub",
    filter: userFilter(config.userFilter, name),
    attributes: ["mail", "memberOf"],
    sizeLimit: 2,
  });
  const [entry] = searchEntries;
  if (!entry) return { kind: "unknown_user" };
  if (searchEntries.length > 1) return { kind: "ambiguous" };
  const groups = new Set(all(entry.memberOf).map(cnOfDn).filter((cn): cn is string => Boolean(cn)));
  const member = escapeFilterValue(entry.dn);
  const found = await client.search(config.groupBaseDn, {
    scope: "sub",
    filter: `(|(member=${member})(uniqueMember=${member}))`,
    attributes: ["cn"],
  });
  for (const group of found.searchEntries) for (const cn of all(group.cn)) groups.add(cn);
  try {
    // Last: the connection is the person's own from here on.
    await client.bind(entry.dn, password);
  } catch (err) {
    // Any refusal of the person's bind (wrong password, expired or locked in the directory).
    if (err instanceof ResultCodeError) return { kind: "bad_password" };
    throw err;
  }
  return { kind: "ok", dn: entry.dn, mail: first(entry.mail), groups: [...groups] };
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 300);
  return String(err).slice(0, 300);
}
