import { BILL_STATUSES, type BillStatus } from "./domain";
import { PORTAL_COLUMNS, PORTAL_PAGE_SIZES, type PortalColumn, type PortalFilterOptions, type PortalPageSize } from "./dto/portal";
import { istDayBounds } from "./time";

// The portal grid's view (search, filters, sort, page size, hidden columns) as pure data: read from
// a URL query or the sessionStorage copy, written back to both. Unlike the API, a bad value here is
// dropped (a stale bookmark still opens the grid); the API answers 400 for what it is sent.

export type SortDir = "asc" | "desc";

export interface PortalView {
  q: string;
  /** A customer code (C0007), or "" for every customer of the account. */
  customer: string;
  status: BillStatus | "";
  /** IST days, YYYY-MM-DD, or "". */
  from: string;
  to: string;
  sort: PortalColumn;
  dir: SortDir;
  limit: PortalPageSize;
  /** Columns the user has hidden; never the bill number. */
  hidden: PortalColumn[];
}

export const DEFAULT_PORTAL_VIEW: PortalView = Object.freeze({
  q: "",
  customer: "",
  status: "",
  from: "",
  to: "",
  sort: "createdAt",
  dir: "desc",
  limit: 25,
  hidden: [],
}) as PortalView;

/** The column a user can never hide: each row's link to its bill. */
export const ALWAYS_SHOWN: PortalColumn = "billNumber";
export const PORTAL_SEARCH_LIMIT = 200;

/** The query keys that carry view state (`as` and `cursor` are not view state). */
const VIEW_KEYS = ["q", "customer", "status", "from", "to", "sort", "dir", "limit", "hide"] as const;

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: Params, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(key) ?? undefined;
  const value = params[key];
  return Array.isArray(value) ? value[0] : value;
}

const isOneOf = <T extends string | number>(values: readonly T[], value: unknown): value is T => (values as readonly unknown[]).includes(value);
const CUSTOMER_CODE = /^C\d{4,}$/i;
const isDay = (s: string) => istDayBounds(s) !== null;

/** Whether the query names any view state (then it wins over the stored copy). */
export function hasViewState(params: Params): boolean {
  return VIEW_KEYS.some((key) => (read(params, key) ?? "") !== "");
}

/** The view a query describes: defaults for what it leaves out, bad values dropped. */
export function parseView(params: Params): PortalView {
  const view: PortalView = { ...DEFAULT_PORTAL_VIEW, hidden: [] };
  const q = (read(params, "q") ?? "").trim();
  if (q.length <= PORTAL_SEARCH_LIMIT) view.q = q;
  const customer = (read(params, "customer") ?? "").trim();
  if (CUSTOMER_CODE.test(customer)) view.customer = customer.toUpperCase();
  const status = read(params, "status");
  if (isOneOf(BILL_STATUSES, status)) view.status = status;
  const from = read(params, "from") ?? "";
  if (isDay(from)) view.from = from;
  const to = read(params, "to") ?? "";
  if (isDay(to)) view.to = to;
  const sort = read(params, "sort");
  if (isOneOf(PORTAL_COLUMNS, sort)) view.sort = sort;
  const dir = read(params, "dir");
  if (dir === "asc" || dir === "desc") view.dir = dir;
  const limit = Number(read(params, "limit"));
  if (isOneOf(PORTAL_PAGE_SIZES, limit)) view.limit = limit;
  const hide = (read(params, "hide") ?? "").split(",");
  view.hidden = PORTAL_COLUMNS.filter((c) => c !== ALWAYS_SHOWN && hide.includes(c));
  return view;
}

/** The view as a query: only what differs from the defaults, so a default view is "". */
export function serializeView(view: PortalView): URLSearchParams {
  const params = new URLSearchParams();
  const d = DEFAULT_PORTAL_VIEW;
  if (view.q.trim()) params.set("q", view.q.trim());
  if (view.customer) params.set("customer", view.customer);
  if (view.status) params.set("status", view.status);
  if (view.from) params.set("from", view.from);
  if (view.to) params.set("to", view.to);
  if (view.sort !== d.sort) params.set("sort", view.sort);
  if (view.dir !== d.dir) params.set("dir", view.dir);
  if (view.limit !== d.limit) params.set("limit", String(view.limit));
  const hidden = PORTAL_COLUMNS.filter((c) => c !== ALWAYS_SHOWN && view.hidden.includes(c));
  if (hidden.length) params.set("hide", hidden.join(","));
  return params;
}

/**
 * The view to open with: the URL's when it has any (a shared link or a reload), else the copy kept
 * in sessionStorage (coming back from a bill), else the defaults.
 */
export function initialView(url: Params, stored: string | null): PortalView {
  if (hasViewState(url)) return parseView(url);
  if (stored) return parseView(new URLSearchParams(stored));
  return { ...DEFAULT_PORTAL_VIEW, hidden: [] };
}

/** The sessionStorage key of one account's view (an admin's "view as" keeps its own). */
export function viewStorageKey(userId: string, as?: string | null): string {
  return as ? `portal-view:${userId}:as:${as}` : `portal-view:${userId}`;
}

/** The page's own URL for a view: `/portal?…` with `as` kept. */
export function portalHref(view: PortalView, as?: string | null): string {
  const params = serializeView(view);
  if (as) params.set("as", as);
  const s = params.toString();
  return s ? `/portal?${s}` : "/portal";
}

/** The API's filter and sort query for a view (what the grid, its pages and both exports share). */
export function filterQuery(view: PortalView, as?: string | null): URLSearchParams {
  const params = new URLSearchParams();
  if (view.q.trim()) params.set("q", view.q.trim());
  if (view.customer) params.set("customer", view.customer);
  if (view.status) params.set("status", view.status);
  if (view.from) params.set("from", view.from);
  if (view.to) params.set("to", view.to);
  params.set("sort", view.sort);
  params.set("dir", view.dir);
  if (as) params.set("as", as);
  return params;
}

/** GET /api/portal/bills for one page of a view. */
export function billsUrl(view: PortalView, as?: string | null, cursor?: string | null): string {
  const params = filterQuery(view, as);
  params.set("limit", String(view.limit));
  if (cursor) params.set("cursor", cursor);
  return `/api/portal/bills?${params}`;
}

/** GET /api/portal/options for the filters chosen so far (customer, then status). */
export function optionsUrl(view: Pick<PortalView, "customer" | "status">, as?: string | null): string {
  const params = new URLSearchParams();
  if (view.customer) params.set("customer", view.customer);
  if (view.status) params.set("status", view.status);
  if (as) params.set("as", as);
  const s = params.toString();
  return s ? `/api/portal/options?${s}` : "/api/portal/options";
}

export function exportUrl(view: PortalView, format: "xlsx" | "csv", as?: string | null): string {
  return `/api/portal/bills/export.${format}?${filterQuery(view, as)}`;
}

/**
 * The cascade: once the options for the current customer (and status) are known, a later choice
 * they no longer allow is cleared. A status the customer has no bills in goes; a date range that
 * lies wholly outside the first..last day of customer + status goes (one end at a time).
 * Returns the same object when nothing changes.
 */
export function pruneView(view: PortalView, options: PortalFilterOptions): PortalView {
  const next = { ...view };
  if (next.customer && !options.customers.some((c) => c.code.toUpperCase() === next.customer)) next.customer = "";
  if (next.status && !options.statuses.some((s) => s.status === next.status)) next.status = "";
  const days = options.days;
  if (!days) {
    next.from = "";
    next.to = "";
  } else {
    if (next.from && next.from > days.last) next.from = "";
    if (next.to && next.to < days.first) next.to = "";
  }
  const changed = next.customer !== view.customer || next.status !== view.status || next.from !== view.from || next.to !== view.to;
  return changed ? next : view;
}

/** A header click: the same column flips its direction; another starts ascending (dates newest first). */
export function nextSort(view: Pick<PortalView, "sort" | "dir">, column: PortalColumn): { sort: PortalColumn; dir: SortDir } {
  if (view.sort === column) return { sort: column, dir: view.dir === "asc" ? "desc" : "asc" };
  return { sort: column, dir: column === "createdAt" || column === "gatePassAt" ? "desc" : "asc" };
}

/** The columns shown, in their fixed order. */
export function visibleColumns(view: Pick<PortalView, "hidden">): PortalColumn[] {
  return PORTAL_COLUMNS.filter((c) => c === ALWAYS_SHOWN || !view.hidden.includes(c));
}

/** Shows or hides one column (the bill number stays). */
export function toggleColumn(view: PortalView, column: PortalColumn, shown: boolean): PortalView {
  if (column === ALWAYS_SHOWN) return view;
  const hidden = shown ? view.hidden.filter((c) => c !== column) : [...new Set([...view.hidden, column])];
  return { ...view, hidden: PORTAL_COLUMNS.filter((c) => hidden.includes(c)) };
}

/** Whether any filter or search narrows the set (the empty state offers to clear them). */
export function isFiltered(view: PortalView): boolean {
  return Boolean(view.q.trim() || view.customer || view.status || view.from || view.to);
}

/** The view with search and filters cleared; sort, page size and columns kept. */
export function clearFilters(view: PortalView): PortalView {
  return { ...view, q: "", customer: "", status: "", from: "", to: "" };
}

/** "1–25" for page `index` (0-based) of `limit` rows holding `rows` rows; "0" when empty. `format` writes each number (the reader's digits). */
export function shownRange(index: number, limit: number, rows: number, format: (n: number) => string = String): string {
  if (rows === 0) return format(0);
  const start = index * limit + 1;
  return `${format(start)}–${format(start + rows - 1)}`;
}
