import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { forbidden } from "next/navigation";
import { LabelsWorkspace } from "@/components/labels/labels-workspace";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { actionMeta } from "@/lib/server/context";
import { getDb } from "@/lib/server/db";
import { listReservations } from "@/lib/server/labels/read";
import { nextFreeLabels } from "@/lib/server/labels/series";
import { contextFor } from "@/lib/server/service";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("labels.page");
  return { title: t("title") };
}

/** Reserve the next free label numbers of a series and download them as an A4 sheet or thermal roll PDF. */
export default async function LabelsPage() {
  const user = await requirePageUser();
  if (!can(user.role, "labels:reserve")) forbidden();
  const ctx = contextFor(getDb(), user, await actionMeta());
  const [{ reservations }, next] = [await listReservations(ctx), await nextFreeLabels(ctx)];
  const t = await getTranslations("labels.page");
  return (
    <section className="space-y-6">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
      />
      <LabelsWorkspace reservations={reservations} next={next} />
    </section>
  );
}
