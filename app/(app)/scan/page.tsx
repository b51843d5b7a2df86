import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { createTranslator } from "next-intl";
import { getTranslations } from "next-intl/server";
import { ScanStation } from "@/components/scan/scan-station";
import { PageHeader } from "@/components/ui/page-header";
import { MESSAGES } from "@/i18n/messages";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { requestLocale } from "@/lib/server/i18n";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("scan");
  return { title: t("page.title") };
}

export default async function ScanPage() {
  const user = await requirePageUser();
  if (!can(user.role, "scan:pack")) forbidden();
  // The request's language and messages, as i18n/request.ts gives next-intl (read here directly,
  // so the page is the same function wherever it is called).
  const locale = await requestLocale();
  const t = createTranslator({ locale, messages: MESSAGES[locale] });
  const needsArea = user.role === "dispatcher" && !user.dispatchArea;
  // Staff who see all areas (billers, admins) have no area of their own: the station picks one.
  const choosesArea = can(user.role, "bags:view_all_areas") && !user.dispatchArea;
  const subtitle = needsArea
    ? t("scan.page.noAreaSubtitle")
    : user.role === "dispatcher"
      ? t("scan.page.packingFor", { area: user.dispatchArea ?? "none" })
      : t("scan.page.allAreas");
  return (
    <section className="space-y-4">
      <PageHeader title={t("scan.page.heading")} subtitle={subtitle} />
      {needsArea ? (
        <p role="alert" data-testid="no-area" className="rounded-xl border-2 border-amber-400 bg-amber-50 p-5 text-xl font-semibold text-amber-950">
          {t("errors.scan_no_area")}
        </p>
      ) : (
        // Keyed per user so a shared tab never resumes someone else's parent.
        <ScanStation storageKey={`tracetrack:scan-parent:${user.id}`} userId={user.id} username={user.username} choosesArea={choosesArea} />
      )}
    </section>
  );
}
