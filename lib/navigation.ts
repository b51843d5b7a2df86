import NAV_EN from "@/messages/en/shell.json";
import type { Role } from "./domain";
import { can, type Action } from "./permissions";

/** A section's message key: the header shows `shell.nav.<key>` in the reader's language. */
export type NavKey = keyof typeof NAV_EN.nav;

export interface NavItem {
  href: string;
  key: NavKey;
  /** The English name (messages/en/shell.json), for tests and logs; the screen shows `shell.nav.<key>`. */
  label: string;
  action: Action;
  /** Shown only to these roles (still only where the matrix allows `action`). */
  roles?: readonly Role[];
}

const item = (href: string, key: NavKey, action: Action, roles?: readonly Role[]): NavItem => ({ href, key, label: NAV_EN.nav[key], action, ...(roles ? { roles } : {}) });

// Only pages that exist are listed; each is shown to the roles the matrix allows.
const NAV: readonly NavItem[] = [
  item("/dashboard", "dashboard", "dashboard:view"),
  item("/scan", "scan", "scan:pack"),
  item("/bags", "bags", "bags:view_own_area"),
  item("/bills", "bills", "bills:view"),
  item("/passes", "passes", "passes:manage"),
  item("/returns", "returns", "returns:manage"),
  item("/labels", "labels", "labels:reserve"),
  item("/reports/eod", "eod", "reports:eod"),
  item("/gate", "gate", "gate:scan"),
  // A customer account's only section; admins reach the portal from /admin (every customer, "view as").
  item("/portal", "portal", "portal:view", ["customer"]),
  item("/admin", "admin", "users:manage"),
  // Staff with a dashboard; a customer account keeps its own password and 2FA here too.
  item("/profile", "profile", "dashboard:view"),
  item("/profile", "profile", "portal:view", ["customer"]),
];

/** Where a role starts (sign-in, "/", the brand link): the dashboard, the gate station, or a customer's portal. */
export function homePathFor(role: Role): string {
  if (role === "customer") return "/portal";
  return can(role, "dashboard:view") ? "/dashboard" : "/gate";
}

export function navigationFor(role: Role): NavItem[] {
  return NAV.filter((item) => can(role, item.action) && (!item.roles || item.roles.includes(role)));
}

const under = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

/** The item whose section the page at `pathname` is in ("you are here"): /bills/INV-1 is under Bills. */
export function currentNavItem(items: readonly NavItem[], pathname: string): NavItem | null {
  let best: NavItem | null = null;
  for (const item of items) {
    if (under(pathname, item.href) && (!best || item.href.length > best.href.length)) best = item;
  }
  return best;
}

/**
 * Scan stations, where the input should sit near the top of a phone's screen: packing (/scan),
 * the gate (/gate) and a bill's own page (/bills/<number>, not the new-bill form or the print sheet).
 */
export function stationPageOf(pathname: string): "scan" | "bill" | null {
  // The gate station sits like the packing station: its input right under the header.
  if (pathname === "/scan" || pathname === "/gate") return "scan";
  const bill = /^\/bills\/([^/]+)$/.exec(pathname);
  return bill && bill[1] !== "new" ? "bill" : null;
}
