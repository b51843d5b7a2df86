import Link from "next/link";
import { useTranslations } from "next-intl";
import type { PortalViewer } from "@/lib/dto/portal";

/** Says plainly whose portal an admin is looking at: a customer's (support, read-only) or everyone's. */
export function PortalBanner({ viewer, isAdmin }: { viewer: PortalViewer; isAdmin: boolean }) {
  const t = useTranslations("portal.banner");
  if (viewer.viewingAs && viewer.account) {
    return (
      <p role="status" data-testid="portal-view-as" className="flex flex-wrap items-center gap-x-3 gap-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 font-medium text-amber-950">
        <span className="break-all">{t("viewingAs", { email: viewer.account.email })}</span>
        <Link href="/admin/customers" className="text-sm text-brand-700 underline-offset-2 hover:underline">
          {t("backToAccounts")}
        </Link>
      </p>
    );
  }
  if (isAdmin) {
    return (
      <p role="status" data-testid="portal-view-as" className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-medium text-slate-800">
        {t("allCustomers")}
      </p>
    );
  }
  return null;
}
