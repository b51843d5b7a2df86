"use client";

import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";
import { billHref } from "@/lib/routes";
import { normalizeBillNumber } from "@/lib/schemas/bills";

// A not-found screen gets no params: the bill and the check's number come from the URL.
export default function LoadCheckNotFound() {
  const pathname = usePathname();
  const billNumber = normalizeBillNumber(segmentAfter(pathname, "bills"));
  const id = segmentAfter(pathname, "check").slice(0, 20);
  return (
    <NotFoundNotice
      back={{ href: billHref(billNumber), label: "The bill" }}
      title="Load check not found"
      message={`Bill ${JSON.stringify(billNumber.slice(0, 50).replace(/[^\x20-\x7e]/g, "?"))} has no saved load check ${JSON.stringify(id.replace(/[^\x20-\x7e]/g, "?"))}.`}
      check="Check the link"
      next={{ href: billHref(billNumber), label: "open the bill" }}
    />
  );
}
