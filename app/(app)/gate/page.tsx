import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { GateStation } from "@/components/gate/gate-station";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("gate");
  return { title: t("page.title") };
}

export default async function GatePage() {
  const user = await requirePageUser();
  if (!can(user.role, "gate:scan")) forbidden();
  const t = await getTranslations("gate");
  return (
    <section className="space-y-4">
      <PageHeader title={t("page.title")} subtitle={t("page.subtitle")} />
      <GateStation />
    </section>
  );
}
