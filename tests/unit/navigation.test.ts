import { describe, expect, it } from "vitest";
import { currentNavItem, navigationFor, stationPageOf } from "@/lib/navigation";

describe("currentNavItem (the header's 'you are here')", () => {
  const admin = navigationFor("admin");
  const here = (pathname: string) => currentNavItem(admin, pathname)?.label ?? null;

  it("marks a section's own page and every page under it", () => {
    expect(here("/scan")).toBe("Scan");
    expect(here("/bills")).toBe("Bills");
    expect(here("/bills/INV-1")).toBe("Bills");
    expect(here("/bills/INV-1/print")).toBe("Bills");
    expect(here("/admin/users")).toBe("Admin");
    expect(here("/profile/password")).toBe("Profile");
  });

  it("marks nothing for a page outside every section, or one that only starts with the same letters", () => {
    expect(here("/lookup")).toBeNull();
    expect(here("/scanner")).toBeNull();
    expect(here("/billsx")).toBeNull();
  });

  it("marks nothing a role's navigation does not have", () => {
    expect(currentNavItem(navigationFor("dispatcher"), "/bills/INV-1")).toBeNull();
  });
});

describe("stationPageOf", () => {
  it("knows the packing station and a bill's page, and nothing else", () => {
    expect(stationPageOf("/scan")).toBe("scan");
    expect(stationPageOf("/bills/INV-1")).toBe("bill");
    expect(stationPageOf("/bills/new")).toBeNull();
    expect(stationPageOf("/bills/INV-1/print")).toBeNull();
    expect(stationPageOf("/bills")).toBeNull();
    expect(stationPageOf("/dashboard")).toBeNull();
  });
});
