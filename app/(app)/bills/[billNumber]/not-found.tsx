"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { noBillMessage, segmentAfter } from "@/lib/not-found";
import { normalizeBillNumber } from "@/lib/schemas/bills";

// A not-found screen gets no params: the number comes from the URL (also for /print), worded as
// GET /api/bills/[billNumber] says it.
export default function BillNotFound() {
  const billNumber = normalizeBillNumber(segmentAfter(usePathname(), "bills"));
  return (
    <section className="space-y-5">
      <PageHeader back={{ href: "/bills", label: "All bills" }} title="Bill not found" />
      <p role="status" className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-lg font-semibold text-amber-950">
        {noBillMessage(billNumber)}
      </p>
      <p className="text-slate-700">
        Check the number, or{" "}
        <Link href={`/bills?q=${encodeURIComponent(billNumber)}`} className="font-medium text-brand-700 underline">
          search the bills
        </Link>
        .
      </p>
    </section>
  );
}
