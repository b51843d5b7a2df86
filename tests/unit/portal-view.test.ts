import { describe, expect, it } from "vitest";
import type { PortalFilterOptions } from "@/lib/dto/portal";
import {
  billsUrl,
  clearFilters,
  DEFAULT_PORTAL_VIEW,
  exportUrl,
  hasViewState,
  initialView,
  nextSort,
  optionsUrl,
  parseView,
  portalHref,
  pruneView,
  serializeView,
  shownRange,
  toggleColumn,
  viewStorageKey,
  visibleColumns,
  type PortalView,
} from "@/lib/portal-view";

const full: PortalView = {
  q: "UP32",
  customer: "C0007",
  status: "dispatched",
  from: "2026-03-01",
  to: "2026-03-31",
  sort: "actualWeightKg",
  dir: "asc",
  limit: 100,
  hidden: ["vehicleNumber", "gatePassAt"],
};

describe("parseView and serializeView", () => {
  it("gives the defaults for an empty query and serializes them to nothing", () => {
    expect(parseView(new URLSearchParams())).toEqual(DEFAULT_PORTAL_VIEW);
    expect(serializeView(DEFAULT_PORTAL_VIEW).toString()).toBe("");
    expect(portalHref(DEFAULT_PORTAL_VIEW)).toBe("/portal");
  });

  it("round-trips every field through the URL query", () => {
    const query = serializeView(full).toString();
    expect(query).toBe("q=UP32&customer=C0007&status=dispatched&from=2026-03-01&to=2026-03-31&sort=actualWeightKg&dir=asc&limit=100&hide=vehicleNumber%2CgatePassAt");
    expect(parseView(new URLSearchParams(query))).toEqual(full);
    // The server component's searchParams record reads the same.
    expect(parseView(Object.fromEntries(new URLSearchParams(query)))).toEqual(full);
  });

  it("drops bad values one by one and keeps the good ones", () => {
    const view = parseView(
      new URLSearchParams({
        q: "x".repeat(201),
        customer: "Demo Traders",
        status: "lost",
        from: "2026-02-30",
        to: "31/03/2026",
        sort: "password",
        dir: "sideways",
        limit: "30",
        hide: "billNumber,status,nonsense",
      }),
    );
    expect(view).toEqual({ ...DEFAULT_PORTAL_VIEW, hidden: ["status"] });
  });

  it("upper-cases a customer code, trims the search and orders hidden columns", () => {
    const view = parseView({ customer: "c0012", q: "  DEMO  ", hide: "gatePassAt,customer", limit: ["50", "100"] });
    expect(view.customer).toBe("C0012");
    expect(view.q).toBe("DEMO");
    expect(view.hidden).toEqual(["customer", "gatePassAt"]);
    expect(view.limit).toBe(50);
  });
});

describe("initialView", () => {
  const stored = serializeView(full).toString();

  it("prefers the URL's state, then the stored copy, then the defaults", () => {
    expect(initialView(new URLSearchParams("status=new"), stored)).toEqual({ ...DEFAULT_PORTAL_VIEW, status: "new" });
    expect(initialView(new URLSearchParams(), stored)).toEqual(full);
    expect(initialView(new URLSearchParams(), null)).toEqual(DEFAULT_PORTAL_VIEW);
  });

  it("does not count `as` or a cursor as view state", () => {
    const url = new URLSearchParams({ as: "3f1c2f9e-0000-4000-8000-000000000001", cursor: "abc" });
    expect(hasViewState(url)).toBe(false);
    expect(initialView(url, stored)).toEqual(full);
  });

  it("keys the stored copy by account and by view-as", () => {
    expect(viewStorageKey("u1")).toBe("portal-view:u1");
    expect(viewStorageKey("u1", "acc")).toBe("portal-view:u1:as:acc");
  });
});

describe("the API URLs", () => {
  it("carry the filters, sort and `as` to the grid, the options and both exports", () => {
    expect(billsUrl(full, "acc", "CUR")).toBe(
      "/api/portal/bills?q=UP32&customer=C0007&status=dispatched&from=2026-03-01&to=2026-03-31&sort=actualWeightKg&dir=asc&as=acc&limit=100&cursor=CUR",
    );
    expect(exportUrl(full, "xlsx", "acc")).toBe(
      "/api/portal/bills/export.xlsx?q=UP32&customer=C0007&status=dispatched&from=2026-03-01&to=2026-03-31&sort=actualWeightKg&dir=asc&as=acc",
    );
    expect(exportUrl(DEFAULT_PORTAL_VIEW, "csv")).toBe("/api/portal/bills/export.csv?sort=createdAt&dir=desc");
    expect(optionsUrl(full, "acc")).toBe("/api/portal/options?customer=C0007&status=dispatched&as=acc");
    expect(optionsUrl(DEFAULT_PORTAL_VIEW)).toBe("/api/portal/options");
    expect(portalHref(DEFAULT_PORTAL_VIEW, "acc")).toBe("/portal?as=acc");
  });
});

describe("pruneView (the cascade)", () => {
  const options: PortalFilterOptions = {
    customers: [{ code: "C0007", name: "Demo Traders", bills: 3 }],
    statuses: [{ status: "completed", bills: 2 }, { status: "dispatched", bills: 1 }],
    days: { first: "2026-03-05", last: "2026-03-20" },
  };

  it("keeps a view the options still allow (the same object)", () => {
    expect(pruneView(full, options)).toBe(full);
  });

  it("clears a status the chosen customer has no bills in", () => {
    expect(pruneView({ ...full, status: "new" }, options)).toEqual({ ...full, status: "" });
  });

  it("clears a customer outside the account and a date end outside first..last", () => {
    const pruned = pruneView({ ...full, customer: "C0099", from: "2026-03-21", to: "2026-03-04" }, options);
    expect(pruned).toEqual({ ...full, customer: "", from: "", to: "" });
    expect(pruneView({ ...full, from: "2026-03-10", to: "2026-04-30" }, options)).toEqual({ ...full, from: "2026-03-10", to: "2026-04-30" });
  });

  it("clears the dates when customer + status have no bills at all", () => {
    expect(pruneView(full, { ...options, days: null })).toEqual({ ...full, from: "", to: "" });
  });
});

describe("sorting, columns and the range", () => {
  it("flips the direction on the same column and starts a new one ascending (dates newest first)", () => {
    expect(nextSort({ sort: "billNumber", dir: "asc" }, "billNumber")).toEqual({ sort: "billNumber", dir: "desc" });
    expect(nextSort({ sort: "billNumber", dir: "desc" }, "billNumber")).toEqual({ sort: "billNumber", dir: "asc" });
    expect(nextSort({ sort: "createdAt", dir: "desc" }, "childCount")).toEqual({ sort: "childCount", dir: "asc" });
    expect(nextSort({ sort: "childCount", dir: "asc" }, "gatePassAt")).toEqual({ sort: "gatePassAt", dir: "desc" });
  });

  it("never hides the bill number", () => {
    const hidden = toggleColumn(DEFAULT_PORTAL_VIEW, "status", false);
    expect(visibleColumns(hidden)).not.toContain("status");
    expect(toggleColumn(hidden, "billNumber", false)).toBe(hidden);
    expect(visibleColumns({ hidden: ["billNumber"] })[0]).toBe("billNumber");
    expect(visibleColumns(toggleColumn(hidden, "status", true))).toContain("status");
  });

  it("clears search and filters but keeps sort, size and columns", () => {
    expect(clearFilters(full)).toEqual({ ...DEFAULT_PORTAL_VIEW, sort: "actualWeightKg", dir: "asc", limit: 100, hidden: ["vehicleNumber", "gatePassAt"] });
  });

  it("words the rows on a page as a range", () => {
    expect(shownRange(0, 25, 25)).toBe("1–25");
    expect(shownRange(2, 25, 7)).toBe("51–57");
    expect(shownRange(0, 25, 0)).toBe("0");
  });
});
