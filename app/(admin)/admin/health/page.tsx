import type { Metadata } from "next";
import { HealthPanel } from "@/components/admin/health-panel";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getSystemHealth } from "@/lib/server/ops/system-health";

export const metadata: Metadata = { title: "System health" };

export default async function HealthPage() {
  await requirePageRole("admin");
  const health = await getSystemHealth();
  return (
    <section className="space-y-4">
      <PageHeader title="System health" />
      <HealthPanel initial={health} />
    </section>
  );
}
