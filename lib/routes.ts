// URL builders for the app's pages: one place that knows how a path segment is encoded and how
// a list's filters become a query string.

/** QRs and bill numbers may hold "/" and spaces, so a path segment is always encoded. */
const segment = (value: string) => encodeURIComponent(value);

export function bagHref(qr: string): string {
  return `/bags/${segment(qr)}`;
}

export function billHref(billNumber: string, sub?: "print"): string {
  return `/bills/${segment(billNumber)}${sub ? `/${sub}` : ""}`;
}

/** A gate pass's page, or its printable pass. Codes are GP-YYYYMMDD-NNNN, encoded all the same. */
export function passHref(code: string, sub?: "print"): string {
  return `/passes/${segment(code)}${sub ? `/${sub}` : ""}`;
}

/** The issue form, for a bill when one is named. */
export function newPassHref(billNumber?: string): string {
  return billNumber ? `/passes/new?bill=${segment(billNumber)}` : "/passes/new";
}

/** The user list after a delete, naming the pseudonym the account keeps (never the old name). */
export function userDeletedHref(pseudonym: string): string {
  return `/admin/users?deleted=${segment(pseudonym)}`;
}

/** The admin's edit page of one user (the user page itself is /admin/users/[id]). */
export function userEditHref(userId: string): string {
  return `/admin/users/${segment(userId)}/edit`;
}

export function sessionsOfUserHref(username: string): string {
  return `/admin/sessions?user=${segment(username)}`;
}

/** `path` after a successful bill delete, with the notice the list shows. */
export function billDeletedHref(billNumber: string): string {
  return `/bills?deleted=${segment(billNumber)}`;
}

/**
 * A list's query string for these filters (strings and numbers; empty ones dropped) and a keyset
 * cursor; "" when there are none. Used by the bag and bill lists' "Clear" and "Next page" links.
 */
export function listQuery(filters: object, after?: string): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if ((typeof v === "string" && v) || typeof v === "number") params.set(k, String(v));
  }
  if (after) params.set("after", after);
  const s = params.toString();
  return s ? `?${s}` : "";
}
