"use client";

import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { noBillMessage, segmentAfter } from "@/lib/not-found";
import { normalizeBillNumber } from "@/lib/schemas/bills";

// A not-found screen gets no params: the number comes from the URL (also for /print), worded as
// GET /api/bills/[billNumber] says it.
export default function BillNotFound() {
  const billNumber = normalizeBillNumber(segmentAfter(usePathname(), "bills"));
  return (
    <NotFoundNotice
      back={{ href: "/bills", label: "All bills" }}
      title="Bill not found"
      message={noBillMessage(billNumber)}
      check="Check the number"
      next={{ href: `/bills?q=${encodeURIComponent(billNumber)}`, label: "search the bills" }}
    />
  );
}
