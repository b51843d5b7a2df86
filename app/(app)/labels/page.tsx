import type { Metadata } from "next";
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

export const metadata: Metadata = { title: "Labels" };

/** Reserve the next free label numbers of a series and download them as an A4 sheet or thermal roll PDF. */
export default async function LabelsPage() {
  const user = await requirePageUser();
  if (!can(user.role, "labels:reserve")) forbidden();
  const ctx = contextFor(getDb(), user, await actionMeta());
  const [{ reservations }, next] = [await listReservations(ctx), await nextFreeLabels(ctx)];
  return (
    <section className="space-y-6">
      <PageHeader
        title="Labels"
        subtitle="Reserve new QR label numbers and print them. Numbers are held in the database, so two offices never print the same label."
      />
      <LabelsWorkspace reservations={reservations} next={next} />
    </section>
  );
}
