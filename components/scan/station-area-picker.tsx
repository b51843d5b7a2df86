"use client";

import { useDeviceSetting } from "@/components/station/device-setting";
import { useWords } from "@/components/station/use-words";
import { DISPATCH_AREAS, type DispatchArea } from "@/lib/domain";

const STATION_AREA_KEY = "tracetrack:station:area";

/** The dispatch area this device's station packs into (billers and admins choose it; null: not yet). */
export function useStationArea(): [DispatchArea | null, (area: DispatchArea | null) => void] {
  const [stored, store] = useDeviceSetting(STATION_AREA_KEY);
  const area = DISPATCH_AREAS.find((a) => a === stored) ?? null;
  return [area, store];
}

/**
 * For staff without an area of their own: the station's area, chosen once per device. A new
 * parent is created in it (the server refuses a new parent without it, area_required).
 */
export function StationAreaPicker({ area, onChange }: { area: DispatchArea | null; onChange: (area: DispatchArea | null) => void }) {
  const t = useWords("scan");
  const tc = useWords("common");
  return (
    <div className={`rounded-xl border-2 p-3 ${area ? "border-slate-300 bg-white" : "border-amber-400 bg-amber-50"}`}>
      <label htmlFor="station-area" className="block text-base font-semibold text-slate-800">
        {t("area.label")}
      </label>
      <select
        id="station-area"
        value={area ?? ""}
        onChange={(e) => onChange(DISPATCH_AREAS.find((a) => a === e.target.value) ?? null)}
        aria-describedby="station-area-help"
        className="mt-1 min-h-12 w-full rounded-lg border-2 border-slate-400 bg-white px-3 text-lg sm:w-auto"
      >
        <option value="">{t("area.choose")}</option>
        {DISPATCH_AREAS.map((a) => (
          <option key={a} value={a}>
            {tc(`areas.${a}`)}
          </option>
        ))}
      </select>
      <p id="station-area-help" className="mt-1 text-sm text-slate-700">
        {area ? t("area.chosen", { area }) : t("area.missing")}
      </p>
    </div>
  );
}
