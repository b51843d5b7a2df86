"use client";

import { usePathname } from "next/navigation";
import { stationPageOf } from "@/lib/navigation";

// On a phone the scan input should sit right under the header. At the packing station the
// page's heading block (PageHeader, its section's first child) is left to screen readers there:
// the header row already names the section.
const PHONE_STATION = {
  scan: "max-sm:pt-1 max-sm:[&>section>:first-child]:sr-only",
  bill: "max-sm:pt-3",
} as const;

/** The page area of the signed-in frame; station pages sit tighter on phones. */
export function ShellMain({ children }: { children: React.ReactNode }) {
  const station = stationPageOf(usePathname());
  return (
    <main
      data-station={station ?? undefined}
      className={`mx-auto w-full max-w-6xl flex-1 px-4 py-6 print:max-w-none print:p-0 ${station ? PHONE_STATION[station] : ""}`}
    >
      {children}
    </main>
  );
}
