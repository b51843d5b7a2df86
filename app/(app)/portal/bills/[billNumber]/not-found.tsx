"use client";

import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";

// Unknown and another customer's bill read the same: nothing says whether the number exists.
export default function PortalBillNotFound() {
  const billNumber = segmentAfter(usePathname(), "bills").slice(0, 60);
  return (
    <NotFoundNotice
      back={{ href: "/portal", label: "Your bills" }}
      title="Bill not found"
      message={`There is no bill ${billNumber} among your bills.`}
      check="Check the number"
      next={{ href: `/portal?q=${encodeURIComponent(billNumber)}`, label: "search your bills" }}
    />
  );
}
