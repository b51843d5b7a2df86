import { getTranslations } from "next-intl/server";
import { ExportForm } from "@/components/admin/export-form";
import { PageHeader } from "@/components/ui/page-header";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageRole } from "@/lib/server/auth/guards";

export async function generateMetadata() {
  const t = await getTranslations("exports.page");
  return { title: t("metaTitle") };
}

export default async function AdminExportsPage() {
  await requirePageRole("admin");
  const { t } = await readerTranslator("exports.page");
  return (
    <section className="space-y-4">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <ExportForm />
    </section>
  );
}
