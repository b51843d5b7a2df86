"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { noBagMessage, segmentAfter } from "@/lib/not-found";
import { normalizeQr } from "@/lib/qr";

// A not-found screen gets no params: the QR comes from the URL, worded as GET /api/bag/[qr] says it.
export default function BagNotFound() {
  const qr = normalizeQr(segmentAfter(usePathname(), "bags"));
  return (
    <section className="space-y-5">
      <PageHeader back={{ href: "/bags", label: "All bags" }} title="Bag not found" />
      <p role="status" className="rounded-lg border-2 border-amber-400 bg-amber-50 p-4 text-lg font-semibold text-amber-950">
        {noBagMessage(qr)}
      </p>
      <p className="text-slate-700">
        Check the label, or{" "}
        <Link href={`/lookup?q=${encodeURIComponent(qr)}`} className="font-medium text-brand-700 underline">
          look for close matches
        </Link>
        .
      </p>
    </section>
  );
}
