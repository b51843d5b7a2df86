import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { PromotionDecisionForm } from "@/components/admin/promotion-decision-form";
import { PageHeader } from "@/components/ui/page-header";
import { cellClass, DataTable, type Column } from "@/components/ui/table";
import { formatArea, formatRole, type Role } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { DECIDED_SHOWN, listDecidedPromotions, listPendingPromotions } from "@/lib/server/promotions/queries";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Promotion requests" };

const DECIDED_COLUMNS: Column[] = [
  { label: "Decided (IST)" },
  { label: "Requester" },
  { label: "Asked" },
  { label: "Decision" },
  { label: "By", show: "sm" },
  { label: "Note", show: "md" },
];

const roleName = (role: string) => formatRole(role as Role);
const userHref = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

export default async function PromotionsPage() {
  const viewer = await requirePageUser();
  if (!can(viewer.role, "promotion:decide")) forbidden();
  const db = getDb();
  const [pending, decided] = await Promise.all([listPendingPromotions(db), listDecidedPromotions(db)]);
  return (
    <section className="space-y-8">
      <PageHeader
        back={{ href: "/admin", label: "Administration" }}
        title="Promotion requests"
        subtitle="Staff asking for a higher role. Approving changes the role at once and signs them out; they get a mail either way."
      />

      <section aria-labelledby="pending-title" className="space-y-3">
        <h2 id="pending-title" className="text-lg font-semibold">
          Waiting for a decision ({pending.length})
        </h2>
        {pending.length === 0 ? (
          <p className="text-slate-700" data-testid="promotions-none-pending">
            No requests are waiting.
          </p>
        ) : (
          <ul className="space-y-3" data-testid="promotions-pending">
            {pending.map((p) => (
              <li key={p.id} data-testid={`promotion-row-${p.username}`} className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2">
                <div className="min-w-0 space-y-1">
                  <p className="font-semibold">
                    <Link href={userHref(p.userId)} className="text-brand-700 underline">
                      {p.username}
                    </Link>
                  </p>
                  <p className="text-sm">
                    {roleName(p.currentRole)}
                    {p.currentRole === "dispatcher" ? ` · ${formatArea(p.dispatchArea)}` : ""} → <strong>{roleName(p.requestedRole)}</strong>
                  </p>
                  {p.currentRole !== p.fromRole && (
                    <p className="text-sm text-amber-800">
                      Asked as {p.fromRole}; their role has changed since. Reject this request, or change the role under Users.
                    </p>
                  )}
                  <p className="text-sm text-slate-600">Asked {formatIstDateTime(p.createdAt)} IST</p>
                  <p className="rounded bg-slate-50 p-2 text-sm [overflow-wrap:anywhere] whitespace-pre-line" data-testid="promotion-reason">
                    {p.reason}
                  </p>
                </div>
                <PromotionDecisionForm requestId={p.id} username={p.username} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="decided-title" className="space-y-3">
        <h2 id="decided-title" className="text-lg font-semibold">
          Decided (the last {DECIDED_SHOWN})
        </h2>
        <DataTable columns={DECIDED_COLUMNS} testId="promotions-decided">
          {decided.length === 0 ? (
            <tr>
              <td colSpan={DECIDED_COLUMNS.length} className="px-3 py-4 text-center text-slate-600">
                Nothing decided yet.
              </td>
            </tr>
          ) : (
            decided.map((p) => (
              <tr key={p.id} className="border-t border-slate-100 align-top" data-testid="promotion-decided-row" data-status={p.status}>
                <td className={cellClass(undefined, "whitespace-nowrap")}>{p.decidedAt ? formatIstDateTime(p.decidedAt) : "—"}</td>
                <td className={cellClass()}>
                  <Link href={userHref(p.userId)} className="text-brand-700 underline">
                    {p.username}
                  </Link>
                </td>
                <td className={cellClass()}>
                  {roleName(p.fromRole)} → {roleName(p.requestedRole)}
                </td>
                <td className={cellClass(undefined, p.status === "approved" ? "font-semibold text-green-800" : "font-semibold text-red-800")}>
                  {p.status === "approved" ? "Approved" : "Rejected"}
                </td>
                <td className={cellClass("sm")}>{p.decidedBy ?? "—"}</td>
                <td className={cellClass("md", "[overflow-wrap:anywhere] whitespace-pre-line")}>{p.decisionNote ?? "—"}</td>
              </tr>
            ))
          )}
        </DataTable>
      </section>
    </section>
  );
}
