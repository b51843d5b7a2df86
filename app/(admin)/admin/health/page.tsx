import { getTranslations } from "next-intl/server";
import { HealthPanel } from "@/components/admin/health-panel";
import { PageHeader } from "@/components/ui/page-header";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getSystemHealth } from "@/lib/server/ops/system-health";

export async function generateMetadata() {
  const t = await getTranslations("admin.health");
  return { title: t("metaTitle") };
}

export default async function HealthPage() {
  await requirePageRole("admin");
  const health = await getSystemHealth();
  const { t } = await readerTranslator("admin.health");
  return (
    <section className="space-y-4">
      <PageHeader title={t("title")} />
      <HealthPanel initial={health} />
    </section>
  );
}
