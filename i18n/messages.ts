// Every message file, loaded statically (one bundle per language, no file-system reads at run time).
// A namespace per area (messages/<locale>/<area>.json); `errors` merges messages/<locale>/errors/*.json:
// what a server action says, by its code, in the reader's language (lib/server/i18n.ts).
// Add a file here and in both languages; tests/unit/messages.test.ts checks they match.
import type { Locale } from "@/lib/preferences";
import en_common from "@/messages/en/common.json";
import en_shell from "@/messages/en/shell.json";
import en_auth from "@/messages/en/auth.json";
import en_profile from "@/messages/en/profile.json";
import en_scan from "@/messages/en/scan.json";
import en_station from "@/messages/en/station.json";
import en_offline from "@/messages/en/offline.json";
import en_gate from "@/messages/en/gate.json";
import en_bags from "@/messages/en/bags.json";
import en_bills from "@/messages/en/bills.json";
import en_loadCheck from "@/messages/en/loadCheck.json";
import en_labels from "@/messages/en/labels.json";
import en_statusLink from "@/messages/en/statusLink.json";
import en_lookup from "@/messages/en/lookup.json";
import en_dashboard from "@/messages/en/dashboard.json";
import en_analytics from "@/messages/en/analytics.json";
import en_passes from "@/messages/en/passes.json";
import en_portal from "@/messages/en/portal.json";
import en_returns from "@/messages/en/returns.json";
import en_reports from "@/messages/en/reports.json";
import en_admin from "@/messages/en/admin.json";
import en_users from "@/messages/en/users.json";
import en_customers from "@/messages/en/customers.json";
import en_imports from "@/messages/en/imports.json";
import en_exports from "@/messages/en/exports.json";
import en_tokens from "@/messages/en/tokens.json";
import en_docs from "@/messages/en/docs.json";
import en_errors_common from "@/messages/en/errors/common.json";
import en_errors_scan from "@/messages/en/errors/scan.json";
import en_errors_gate from "@/messages/en/errors/gate.json";
import en_errors_bills from "@/messages/en/errors/bills.json";
import en_errors_passes from "@/messages/en/errors/passes.json";
import en_errors_returns from "@/messages/en/errors/returns.json";
import en_errors_admin from "@/messages/en/errors/admin.json";
import en_errors_auth from "@/messages/en/errors/auth.json";
import hi_common from "@/messages/hi/common.json";
import hi_shell from "@/messages/hi/shell.json";
import hi_auth from "@/messages/hi/auth.json";
import hi_profile from "@/messages/hi/profile.json";
import hi_scan from "@/messages/hi/scan.json";
import hi_station from "@/messages/hi/station.json";
import hi_offline from "@/messages/hi/offline.json";
import hi_gate from "@/messages/hi/gate.json";
import hi_bags from "@/messages/hi/bags.json";
import hi_bills from "@/messages/hi/bills.json";
import hi_loadCheck from "@/messages/hi/loadCheck.json";
import hi_labels from "@/messages/hi/labels.json";
import hi_statusLink from "@/messages/hi/statusLink.json";
import hi_lookup from "@/messages/hi/lookup.json";
import hi_dashboard from "@/messages/hi/dashboard.json";
import hi_analytics from "@/messages/hi/analytics.json";
import hi_passes from "@/messages/hi/passes.json";
import hi_portal from "@/messages/hi/portal.json";
import hi_returns from "@/messages/hi/returns.json";
import hi_reports from "@/messages/hi/reports.json";
import hi_admin from "@/messages/hi/admin.json";
import hi_users from "@/messages/hi/users.json";
import hi_customers from "@/messages/hi/customers.json";
import hi_imports from "@/messages/hi/imports.json";
import hi_exports from "@/messages/hi/exports.json";
import hi_tokens from "@/messages/hi/tokens.json";
import hi_docs from "@/messages/hi/docs.json";
import hi_errors_common from "@/messages/hi/errors/common.json";
import hi_errors_scan from "@/messages/hi/errors/scan.json";
import hi_errors_gate from "@/messages/hi/errors/gate.json";
import hi_errors_bills from "@/messages/hi/errors/bills.json";
import hi_errors_passes from "@/messages/hi/errors/passes.json";
import hi_errors_returns from "@/messages/hi/errors/returns.json";
import hi_errors_admin from "@/messages/hi/errors/admin.json";
import hi_errors_auth from "@/messages/hi/errors/auth.json";

export const NAMESPACES = ["common", "shell", "auth", "profile", "scan", "station", "offline", "gate", "bags", "bills", "loadCheck", "labels", "statusLink", "lookup", "dashboard", "analytics", "passes", "portal", "returns", "reports", "admin", "users", "customers", "imports", "exports", "tokens", "docs", "errors"] as const;
export const ERROR_FILES = ["common", "scan", "gate", "bills", "passes", "returns", "admin", "auth"] as const;


const EN = {
  common: en_common,
  shell: en_shell,
  auth: en_auth,
  profile: en_profile,
  scan: en_scan,
  station: en_station,
  offline: en_offline,
  gate: en_gate,
  bags: en_bags,
  bills: en_bills,
  loadCheck: en_loadCheck,
  labels: en_labels,
  statusLink: en_statusLink,
  lookup: en_lookup,
  dashboard: en_dashboard,
  analytics: en_analytics,
  passes: en_passes,
  portal: en_portal,
  returns: en_returns,
  reports: en_reports,
  admin: en_admin,
  users: en_users,
  customers: en_customers,
  imports: en_imports,
  exports: en_exports,
  tokens: en_tokens,
  docs: en_docs,
  errors: { ...en_errors_common, ...en_errors_scan, ...en_errors_gate, ...en_errors_bills, ...en_errors_passes, ...en_errors_returns, ...en_errors_admin, ...en_errors_auth },
};
/** Hindi has exactly English's keys: a missing or extra one fails the type check (and tests/unit/messages.test.ts). */
const HI: Messages = {
  common: hi_common,
  shell: hi_shell,
  auth: hi_auth,
  profile: hi_profile,
  scan: hi_scan,
  station: hi_station,
  offline: hi_offline,
  gate: hi_gate,
  bags: hi_bags,
  bills: hi_bills,
  loadCheck: hi_loadCheck,
  labels: hi_labels,
  statusLink: hi_statusLink,
  lookup: hi_lookup,
  dashboard: hi_dashboard,
  analytics: hi_analytics,
  passes: hi_passes,
  portal: hi_portal,
  returns: hi_returns,
  reports: hi_reports,
  admin: hi_admin,
  users: hi_users,
  customers: hi_customers,
  imports: hi_imports,
  exports: hi_exports,
  tokens: hi_tokens,
  docs: hi_docs,
  errors: { ...hi_errors_common, ...hi_errors_scan, ...hi_errors_gate, ...hi_errors_bills, ...hi_errors_passes, ...hi_errors_returns, ...hi_errors_admin, ...hi_errors_auth },
};

/** The shape of every language's messages: English's, so `t("…")` keys are checked by tsc. */
export type Messages = typeof EN;

export const MESSAGES: Record<Locale, Messages> = { en: EN, hi: HI };

/** The files behind each namespace, for the tests that compare the two languages file by file. */
export const MESSAGE_FILES: Record<Locale, Record<string, Record<string, unknown>>> = {
  en: {
    "common": en_common,
    "shell": en_shell,
    "auth": en_auth,
    "profile": en_profile,
    "scan": en_scan,
    "station": en_station,
    "offline": en_offline,
    "gate": en_gate,
    "bags": en_bags,
    "bills": en_bills,
    "loadCheck": en_loadCheck,
    "labels": en_labels,
    "statusLink": en_statusLink,
    "lookup": en_lookup,
    "dashboard": en_dashboard,
    "analytics": en_analytics,
    "passes": en_passes,
    "portal": en_portal,
    "returns": en_returns,
    "reports": en_reports,
    "admin": en_admin,
    "users": en_users,
    "customers": en_customers,
    "imports": en_imports,
    "exports": en_exports,
    "tokens": en_tokens,
    "docs": en_docs,
    "errors/common": en_errors_common,
    "errors/scan": en_errors_scan,
    "errors/gate": en_errors_gate,
    "errors/bills": en_errors_bills,
    "errors/passes": en_errors_passes,
    "errors/returns": en_errors_returns,
    "errors/admin": en_errors_admin,
    "errors/auth": en_errors_auth,
  },
  hi: {
    "common": hi_common,
    "shell": hi_shell,
    "auth": hi_auth,
    "profile": hi_profile,
    "scan": hi_scan,
    "station": hi_station,
    "offline": hi_offline,
    "gate": hi_gate,
    "bags": hi_bags,
    "bills": hi_bills,
    "loadCheck": hi_loadCheck,
    "labels": hi_labels,
    "statusLink": hi_statusLink,
    "lookup": hi_lookup,
    "dashboard": hi_dashboard,
    "analytics": hi_analytics,
    "passes": hi_passes,
    "portal": hi_portal,
    "returns": hi_returns,
    "reports": hi_reports,
    "admin": hi_admin,
    "users": hi_users,
    "customers": hi_customers,
    "imports": hi_imports,
    "exports": hi_exports,
    "tokens": hi_tokens,
    "docs": hi_docs,
    "errors/common": hi_errors_common,
    "errors/scan": hi_errors_scan,
    "errors/gate": hi_errors_gate,
    "errors/bills": hi_errors_bills,
    "errors/passes": hi_errors_passes,
    "errors/returns": hi_errors_returns,
    "errors/admin": hi_errors_admin,
    "errors/auth": hi_errors_auth,
  },
};

/** Refusals a client component words itself (the stations' replayed and gate answers); the rest are said by the server. */
const CLIENT_ERROR_PREFIXES = ["scan_", "gate_"];

/** A message namespace (one file of messages/<locale>/, or `errors`). */
export type Namespace = keyof Messages;

/**
 * What every page's browser gets (app/layout.tsx): the shell's words and the shared ones. Each
 * area's client components get their own namespaces from the layout above them
 * (<ClientMessages namespaces={…}>, components/i18n/client-messages.tsx), so a page carries only
 * the words its own client components can show — not all 27 areas' (≈ 110 KB of English, ≈ 200 KB
 * of Hindi in every answer before issue 20). tests/unit/client-messages.test.ts reads each page's
 * client components and fails when a namespace one of them uses is not provided above it.
 */
export const BASE_CLIENT_NAMESPACES = ["common", "shell"] as const satisfies readonly Namespace[];

/** The namespaces a scan, gate, bill or return station reads (components/station/use-words.ts). */
export const STATION_NAMESPACES = ["scan", "station", "offline", "gate", "errors"] as const satisfies readonly Namespace[];

/**
 * Those namespaces of `messages`, for the browser. Of `errors`, only the refusals a client
 * component words itself (the stations' replayed and gate answers): the rest are said by the
 * server (lib/server/action.ts), and would otherwise ride along in a page's HTML — "Too many
 * sign-in attempts…" on a sign-in page that said nothing of the kind.
 */
export function pickClientMessages(messages: Messages, namespaces: readonly Namespace[]): Partial<Messages> {
  const out: Partial<Record<Namespace, unknown>> = {};
  for (const ns of namespaces) {
    out[ns] = ns === "errors" ? Object.fromEntries(Object.entries(messages.errors).filter(([key]) => CLIENT_ERROR_PREFIXES.some((p) => key.startsWith(p)))) : messages[ns];
  }
  return out as Partial<Messages>;
}
