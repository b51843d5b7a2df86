import type { ReactNode, RefObject } from "react";

/**
 * The frame of the bill, return and load-check stations: the flash layer, then on laptops (lg)
 * the counters and actions (`aside`) in a right-hand column beside the input, above the fold of a
 * 1366×768 screen; phones stack input, counters, then the rest (`below`: camera, history).
 */
export function StationGrid({ flashRef, main, aside, below }: { flashRef: RefObject<HTMLDivElement | null>; main: ReactNode; aside: ReactNode; below: ReactNode }) {
  return (
    <div className="relative">
      <div ref={flashRef} aria-hidden="true" className="pointer-events-none absolute -inset-3 z-10 rounded-2xl opacity-0" />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_24rem] lg:grid-rows-[auto_1fr] lg:items-start">
        <div className="min-w-0 space-y-4">{main}</div>
        <div className="space-y-4 lg:col-start-2 lg:row-span-2 lg:row-start-1">{aside}</div>
        <div className="min-w-0 space-y-4">{below}</div>
      </div>
    </div>
  );
}
