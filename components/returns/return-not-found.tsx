"use client";

import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";

/** A ticket page's "not found" screen; the code comes from the URL. */
export function ReturnNotFoundNotice() {
  const code = segmentAfter(usePathname(), "returns").trim().toUpperCase().slice(0, 40);
  const shown = JSON.stringify(code.replace(/[^\x20-\x7e]/g, "?"));
  return (
    <NotFoundNotice
      back={{ href: "/returns", label: "All return tickets" }}
      title="Return ticket not found"
      message={`No return ticket ${shown} was found.`}
      check="Check the ticket code"
      next={{ href: `/returns?q=${encodeURIComponent(code)}`, label: "search the tickets" }}
    />
  );
}
