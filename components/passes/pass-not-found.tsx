"use client";

import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";

/**
 * A pass page's "not found" screen; the code comes from the URL (also for /print). `listed`: the
 * viewer may use the pass list (billers, admins); the gate goes back to its station instead.
 */
export function PassNotFoundNotice({ listed }: { listed: boolean }) {
  const code = segmentAfter(usePathname(), "passes").trim().toUpperCase().slice(0, 40);
  const shown = JSON.stringify(code.replace(/[^\x20-\x7e]/g, "?"));
  return (
    <NotFoundNotice
      back={listed ? { href: "/passes", label: "All passes" } : { href: "/gate", label: "Gate" }}
      title="Pass not found"
      message={`No gate pass ${shown} was found.`}
      check="Check the pass code"
      next={listed ? { href: `/passes?q=${encodeURIComponent(code)}`, label: "search the passes" } : { href: "/gate", label: "scan it at the gate" }}
    />
  );
}
