import type { Role } from "./domain";
import { can, type Action } from "./permissions";

export interface NavItem {
  href: string;
  label: string;
  action: Action;
}

// Only pages that exist are listed; each is shown to the roles the matrix allows.
const NAV: readonly NavItem[] = [
  { href: "/dashboard", label: "Dashboard", action: "dashboard:view" },
  { href: "/scan", label: "Scan", action: "scan:pack" },
  { href: "/bags", label: "Bags", action: "bags:view_own_area" },
  { href: "/bills", label: "Bills", action: "bills:view" },
  { href: "/admin", label: "Admin", action: "users:manage" },
  // Every signed-in role may view the dashboard, so this reads "everyone".
  { href: "/profile", label: "Profile", action: "dashboard:view" },
];

export function navigationFor(role: Role): NavItem[] {
  return NAV.filter((item) => can(role, item.action));
}
