"use client";

import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { noBagMessage, segmentAfter } from "@/lib/not-found";
import { normalizeQr } from "@/lib/qr";

// A not-found screen gets no params: the QR comes from the URL, worded as GET /api/bag/[qr] says it.
export default function BagNotFound() {
  const qr = normalizeQr(segmentAfter(usePathname(), "bags"));
  return (
    <NotFoundNotice
      back={{ href: "/bags", label: "All bags" }}
      title="Bag not found"
      message={noBagMessage(qr)}
      check="Check the label"
      next={{ href: `/lookup?q=${encodeURIComponent(qr)}`, label: "look for close matches" }}
    />
  );
}
