import type { Role } from "./domain";
import { can, type Action } from "./permissions";

export interface NavItem {
  href: string;
  label: string;
  action: Action;
  /** Shown only to these roles (still only where the matrix allows `action`). */
  roles?: readonly Role[];
}

// Only pages that exist are listed; each is shown to the roles the matrix allows.
const NAV: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", action: "dashboard:view" },
  { href: "/scan", label: "Scan", action: "scan:pack" },
  { href: "/bags", label: "Bags", action: "bags:view_own_area" },
  { href: "/bills", label: "Bills", action: "bills:view" },
  { href: "/passes", label: "Passes", action: "passes:manage" },
  { href: "/returns", label: "Returns", action: "returns:manage" },
  { href: "/labels", label: "Labels", action: "labels:reserve" },
  { href: "/reports/eod", label: "End of day", action: "reports:eod" },
  { href: "/gate", label: "Gate", action: "gate:scan" },
  // A customer account's only section; admins reach the portal from /admin (every customer, "view as").
  { href: "/portal", label: "Portal", action: "portal:view", roles: ["customer"] },
  { href: "/admin", label: "Admin", action: "users:manage" },
  // Staff with a dashboard; a customer account keeps its own password and 2FA here too.
  { href: "/profile", label: "Profile", action: "dashboard:view" },
  { href: "/profile", label: "Profile", action: "portal:view", roles: ["customer"] },
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
