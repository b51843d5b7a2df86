import type { Metadata } from "next";
import { forbidden, notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PortalBanner } from "@/components/portal/portal-banner";
import { PortalGrid } from "@/components/portal/portal-grid";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { viewStorageKey } from "@/lib/portal-view";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { portalScopeOf, type PortalScope } from "@/lib/server/portal/scope";
import { recordViewAs } from "@/lib/server/portal/view-as";
import { contextFor, type ServiceContext } from "@/lib/server/service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("portal.page");
  return { title: t("metaTitle") };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The scope, or the 404 page for an unknown account and the 403 page for a customer's `as`. */
async function scopeOrRefusal(ctx: ServiceContext, as: string | undefined): Promise<PortalScope> {
  try {
    return await portalScopeOf(ctx, as);
  } catch (err) {
    if (err instanceof AppError && (err.status === 404 || err.status === 400)) notFound();
    if (err instanceof AppError && err.status === 403) forbidden();
    throw err;
  }
}

/**
 * The customer portal (DESIGN.md §8): the account's bills in a data grid that reads the JSON API.
 * An admin sees every customer, or with `?as=<account id>` one account's view (audited per open).
 */
export default async function PortalPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser({ allowCustomer: true });
  if (!can(user.role, "portal:view")) forbidden();
  const params = await searchParams;
  const as = typeof params.as === "string" && params.as ? params.as : undefined;
  const ctx = contextFor(getDb(), user, await actionMeta());
  const scope = await scopeOrRefusal(ctx, as);
  const viewingAs = scope.viewer.viewingAs && scope.viewer.account ? scope.viewer.account.id : null;
  if (viewingAs) await recordViewAs(ctx, viewingAs);

  // The grid reads its view from this query (not `as`, which the page keeps to itself).
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (key !== "as" && typeof first === "string") query.set(key, first);
  }
  const account = scope.viewer.account;
  const t = await getTranslations("portal.page");
  return (
    <section className="space-y-4">
      <PageHeader
        title={user.role === "customer" ? t("yourBills") : t("customerPortal")}
        subtitle={account && !scope.viewer.viewingAs ? (account.name ?? account.email) : t("subtitle")}
      />
      <PortalBanner viewer={scope.viewer} isAdmin={user.role === "admin"} />
      <PortalGrid initialQuery={query.toString()} storageKey={viewStorageKey(user.id, viewingAs)} as={viewingAs} />
    </section>
  );
}
