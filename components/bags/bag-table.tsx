import Link from "next/link";
import { formatArea } from "@/lib/domain";
import type { BagListRow } from "@/lib/server/bags/list";
import { formatIstDateTime } from "@/lib/time";
import { bagHref, formatBagStatus, formatBagType } from "./bag-labels";

/** One page of bags; each QR opens the bag's detail page. */
export function BagTable({ rows }: { rows: BagListRow[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid="bag-table">
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">QR</th>
            <th scope="col" className="hidden px-3 py-2 sm:table-cell">Type</th>
            <th scope="col" className="px-3 py-2">Status</th>
            <th scope="col" className="px-3 py-2 whitespace-nowrap">Contents / parent</th>
            <th scope="col" className="hidden px-3 py-2 sm:table-cell">Area</th>
            <th scope="col" className="hidden px-3 py-2 md:table-cell">Created (IST)</th>
            <th scope="col" className="hidden px-3 py-2 md:table-cell">By</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.qr} className="border-t border-slate-100">
              <td className="px-3 py-2">
                <Link href={bagHref(b.qr)} className="font-mono font-semibold text-brand-700 underline-offset-2 hover:underline">
                  {b.qr}
                </Link>
                <span className="block text-xs text-slate-600 sm:hidden">{formatBagType(b.type, b.qr)}</span>
              </td>
              <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">{formatBagType(b.type, b.qr)}</td>
              <td className="px-3 py-2">{formatBagStatus(b.type, b.status, b.parentQr)}</td>
              <td className="px-3 py-2 font-mono whitespace-nowrap">
                {b.type === "parent" ? (
                  `${b.childCount} / ${b.capacity ?? "—"}`
                ) : b.parentQr ? (
                  <Link href={bagHref(b.parentQr)} className="text-brand-700 hover:underline">
                    {b.parentQr}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
              <td className="hidden px-3 py-2 sm:table-cell">{formatArea(b.dispatchArea)}</td>
              <td className="hidden px-3 py-2 whitespace-nowrap md:table-cell">{formatIstDateTime(b.createdAt)}</td>
              <td className="hidden px-3 py-2 md:table-cell">{b.createdBy ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
