import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ImportForm } from "@/components/imports/import-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageUser } from "@/lib/server/auth/guards";

export async function generateMetadata() {
  const t = await getTranslations("imports.page");
  return { title: t("metaTitle") };
}

export default async function AdminImportsPage() {
  const user = await requirePageUser();
  if (!can(user.role, "data:import_export")) forbidden();
  const { t } = await readerTranslator("imports.page");
  return (
    <section className="space-y-4">
      <PageHeader title={t("title")} back={{ href: "/admin", label: t("back") }} subtitle={t("subtitle")} />
      <ImportForm />
    </section>
  );
}
