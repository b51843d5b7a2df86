import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/domain";
import { navigationFor } from "@/lib/navigation";
import { ACTIONS, can } from "@/lib/permissions";

// The whole matrix, spelled out: a change to who-may-do-what must change this table.
const ALLOWED: Record<(typeof ACTIONS)[number], readonly string[]> = {
  "dashboard:view": ["admin", "biller", "dispatcher"],
  "scan:pack": ["admin", "biller", "dispatcher"],
  "scan:undo_own": ["admin", "biller", "dispatcher"],
  "scan:undo_any": ["admin"],
  "bags:view_own_area": ["admin", "biller", "dispatcher"],
  "bags:view_all_areas": ["admin", "biller"],
  "bills:view": ["admin", "biller"],
  "bills:manage": ["admin", "biller"],
  "bills:delete": ["admin"],
  "users:manage": ["admin"],
  "audit:view": ["admin"],
  "sessions:manage": ["admin"],
  "health:view": ["admin"],
  "data:import_export": ["admin"],
  "settings:manage": ["admin"],
  "promotion:request": ["biller", "dispatcher"],
  "promotion:decide": ["admin"],
  "passes:view": ["admin", "biller", "gate"],
  "passes:manage": ["admin", "biller"],
  "gate:scan": ["admin", "gate"],
  "portal:view": ["admin", "customer"],
  "customers:manage": ["admin"],
  "analytics:view": ["admin"],
  "customers:pick": ["admin", "biller"],
  "returns:manage": ["admin", "biller"],
  "reports:eod": ["admin", "biller"],
  "reports:eod_send": ["admin"],
  "bags:delete": ["admin"],
  "tokens:manage": ["admin"],
  "labels:reserve": ["admin", "biller"],
  "bills:check": ["admin", "biller"],
};

describe("can(role, action)", () => {
  for (const action of ACTIONS) {
    it(`allows ${action} to exactly ${ALLOWED[action].join(", ")}`, () => {
      expect(ROLES.filter((role) => can(role, action))).toEqual(ALLOWED[action]);
    });
  }

  it("gives a customer account the portal and nothing else", () => {
    expect(ACTIONS.filter((a) => can("customer", a))).toEqual(["portal:view"]);
    expect(navigationFor("customer").map((i) => i.href)).toEqual(["/portal", "/profile"]);
    // Admins open the portal from /admin (all customers, or "view as"), not from the header.
    expect(navigationFor("admin").map((i) => i.href)).not.toContain("/portal");
  });

  it("gives admin-only links to admins only", () => {
    expect(navigationFor("admin").map((i) => i.href)).toContain("/admin");
    expect(navigationFor("biller").map((i) => i.href)).not.toContain("/admin");
    expect(navigationFor("dispatcher").map((i) => i.href)).not.toContain("/admin");
  });
});
