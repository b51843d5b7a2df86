"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { getSessionStatus, logout, staySignedIn } from "@/app/(auth)/login/actions";
import { createSessionWatcher, formatCountdown, type SessionStatus, type SessionView, type SessionWatcher } from "@/lib/session-timer";

function goToLogin(): void {
  const login = new URL("/login", window.location.origin);
  login.searchParams.set("expired", "1");
  login.searchParams.set("next", window.location.pathname + window.location.search);
  // A full load, not a client navigation: nothing of the signed-in page may stay in memory.
  window.location.replace(login.toString());
}

/**
 * Warns a few minutes before the session's idle or absolute limit, offers "Stay signed in", and
 * signs out at the end. The timing lives in createSessionWatcher; this is only its face.
 */
export function SessionTimeout({ initial, idleMs }: { initial: SessionStatus; idleMs: number }) {
  const t = useTranslations("shell");
  const [view, setView] = useState<SessionView | null>(null);
  const [now, setNow] = useState(0);
  const [busy, setBusy] = useState(false);
  const watcher = useRef<SessionWatcher | null>(null);
  const stayButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const w = createSessionWatcher({
      idleMs,
      fetchStatus: getSessionStatus,
      onView: (v) => {
        setView(v);
        setNow(v.at);
      },
      onEnd: goToLogin,
    });
    watcher.current = w;
    w.start(initial);
    // Background tabs throttle timers: look again when the tab is shown.
    const onVisible = () => {
      if (document.visibilityState === "visible") void w.recheck();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      document.removeEventListener("visibilitychange", onVisible);
      w.stop();
    };
  }, [initial, idleMs]);

  const warning = view?.phase === "warning";
  useEffect(() => {
    if (!warning) return;
    stayButton.current?.focus();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(tick);
  }, [warning]);

  if (!view || !warning) return null;
  const left = formatCountdown(view.endsAt - now);
  const stay = async () => {
    setBusy(true);
    await watcher.current?.extend(staySignedIn);
    setBusy(false);
  };
  return (
    <div className="fixed inset-x-0 bottom-0 z-50 p-4 print:hidden">
      <div
        role="alertdialog"
        aria-modal="false"
        aria-labelledby="session-warning-title"
        aria-describedby="session-warning-text"
        data-testid="session-warning"
        className="mx-auto max-w-lg rounded-xl border-2 border-amber-400 bg-white p-4 shadow-2xl"
      >
        <h2 id="session-warning-title" className="text-lg font-bold">
          {t("session.title")}
        </h2>
        <p id="session-warning-text" className="mt-1 text-slate-700">
          {view.reason === "idle" ? t("session.idle", { left }) : t("session.absolute", { left })}
        </p>
        <div className="mt-3 flex flex-wrap gap-2">
          {view.reason === "idle" && (
            <button ref={stayButton} type="button" disabled={busy} onClick={stay} className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900 disabled:opacity-60">
              {t("session.stay")}
            </button>
          )}
          <form action={logout}>
            <button type="submit" className="rounded-md border border-slate-300 px-4 py-2 font-semibold hover:bg-slate-50">
              {t("header.signOut")}
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}
