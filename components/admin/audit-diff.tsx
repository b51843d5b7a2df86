import { useTranslations } from "next-intl";
import { diffSnapshots } from "@/lib/audit-diff";

/** Before/after of one audit row, field by field; changed fields are marked. */
export function AuditDiff({ before, after, details }: { before: unknown; after: unknown; details: unknown }) {
  const t = useTranslations("admin.audit.diff");
  const rows = diffSnapshots(before, after);
  return (
    <div className="space-y-2">
      {rows.length > 0 ? (
        <table className="w-full text-left text-xs" data-testid="audit-diff">
          <caption className="sr-only">{t("caption")}</caption>
          <thead>
            <tr className="text-slate-600">
              <th scope="col" className="px-2 py-1">
                {t("field")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("before")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("after")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={r.changed ? "bg-amber-50" : ""}>
                <th scope="row" className="px-2 py-1 font-mono font-semibold">
                  {r.key}
                  {r.changed && <span className="sr-only">{t("changed")}</span>}
                </th>
                <td className="px-2 py-1 font-mono break-all text-red-800">{r.before ?? "—"}</td>
                <td className="px-2 py-1 font-mono break-all text-green-800">{r.after ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="text-xs text-slate-600">{t("none")}</p>
      )}
      {details !== null && details !== undefined && (
        <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(details, null, 2)}</pre>
      )}
    </div>
  );
}
