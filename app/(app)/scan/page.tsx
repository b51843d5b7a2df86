import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { ScanStation } from "@/components/scan/scan-station";
import { PageHeader } from "@/components/ui/page-header";
import { formatArea } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { NO_AREA_MESSAGE } from "@/lib/server/scan/access";

export const metadata: Metadata = { title: "Scan" };

export default async function ScanPage() {
  const user = await requirePageUser();
  if (!can(user.role, "scan:pack")) forbidden();
  const needsArea = user.role === "dispatcher" && !user.dispatchArea;
  // Staff who see all areas (billers, admins) have no area of their own: the station picks one.
  const choosesArea = can(user.role, "bags:view_all_areas") && !user.dispatchArea;
  return (
    <section className="space-y-4">
      <PageHeader
        title="Scan station"
        subtitle={needsArea ? "No dispatch area yet" : `${user.role === "dispatcher" ? `Packing for ${formatArea(user.dispatchArea)}` : "All areas"} · parent first, then its children`}
      />
      {needsArea ? (
        <p role="alert" data-testid="no-area" className="rounded-xl border-2 border-amber-400 bg-amber-50 p-5 text-xl font-semibold text-amber-950">
          {NO_AREA_MESSAGE}
        </p>
      ) : (
        // Keyed per user so a shared tab never resumes someone else's parent.
        <ScanStation storageKey={`tracetrack:scan-parent:${user.id}`} userId={user.id} username={user.username} choosesArea={choosesArea} />
      )}
    </section>
  );
}
