import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { GateStation } from "@/components/gate/gate-station";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Gate" };

export default async function GatePage() {
  const user = await requirePageUser();
  if (!can(user.role, "gate:scan")) forbidden();
  return (
    <section className="space-y-4">
      <PageHeader title="Gate" subtitle="Scan each truck's gate pass; compare the vehicle and driver before letting it out" />
      <GateStation />
    </section>
  );
}
