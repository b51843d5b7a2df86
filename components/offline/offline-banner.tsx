"use client";

import { useEffect, useState } from "react";
import { useWords } from "@/components/station/use-words";
import { bannerOf, othersWaitingLine, type BannerTone, type OfflineStatus } from "@/lib/offline/banner";

const TONE: Record<BannerTone, string> = {
  offline: "border-slate-800 bg-slate-800 text-white",
  sending: "border-sky-700 bg-sky-50 text-sky-950",
  attention: "border-amber-500 bg-amber-50 text-amber-950",
  done: "border-green-700 bg-green-50 text-green-950",
};

/** Ticks once a second while a retry is planned, for "Trying again in 12 s" (0 until the first tick). */
function useNow(active: boolean): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active]);
  return now;
}

function OfflineIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 shrink-0" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
      <path d="M2 8.8a15 15 0 0 1 4.2-2.6M22 8.8A15 15 0 0 0 10.7 5M5 12.5a10 10 0 0 1 3.4-2M19 12.5a10 10 0 0 0-3.3-1.9M8.5 16a5 5 0 0 1 7 0M12 20h.01M3 3l18 18" />
    </svg>
  );
}

/**
 * The station's line about its offline queue: offline with N waiting, sending, stopped (sign in
 * again, or retrying), all sent. Always in the page (empty when there is nothing to say), so a
 * screen reader announces each change politely, without cutting into the scan feedback.
 */
export function OfflineBanner({ status, username, onSendNow }: { status: OfflineStatus; username: string; onSendNow: () => void }) {
  const t = useWords("offline");
  const words = useWords();
  const now = useNow(status.nextRetryAt !== null);
  const banner = bannerOf(status, username, now, words);
  const others = othersWaitingLine(status, words);
  const signInHref = typeof window === "undefined" ? "/login" : `/login?next=${encodeURIComponent(window.location.pathname)}`;
  return (
    // Empty, it takes no room: a parent's space-y margin on it would push the scan input down (utilities beat space-y's :where()).
    <div className="empty:mb-0" role="status" aria-live="polite" aria-atomic="true" data-testid="offline-banner" data-tone={banner?.tone ?? "none"} data-waiting={status.waiting}>
      {banner && (
        <div className={`flex flex-wrap items-center gap-x-4 gap-y-2 rounded-xl border-2 px-4 py-3 ${TONE[banner.tone]}`}>
          {banner.tone === "offline" && <OfflineIcon />}
          <div className="min-w-0 flex-1">
            <p className="text-lg font-bold" data-testid="offline-banner-title">
              {banner.title}
            </p>
            {banner.detail && <p className="text-sm">{banner.detail}</p>}
          </div>
          {banner.sendNow && (
            <button
              type="button"
              onClick={onSendNow}
              data-testid="offline-send-now"
              className="min-h-11 rounded-lg border-2 border-current bg-white/90 px-4 font-semibold text-slate-900 hover:bg-white"
            >
              {t("banner.sendNow")}
            </button>
          )}
          {banner.signIn && (
            <a href={signInHref} className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 font-semibold text-white hover:bg-brand-900">
              {t("banner.signInAgain")}
            </a>
          )}
        </div>
      )}
      {others && <p className="mt-2 text-sm text-slate-700" data-testid="offline-others-waiting">{others}</p>}
      {status.memoryOnly && status.waiting > 0 && <p className="mt-2 text-sm font-semibold text-red-800">{t("banner.memoryOnly")}</p>}
    </div>
  );
}
