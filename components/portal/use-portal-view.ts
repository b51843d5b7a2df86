"use client";

import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { initialView, parseView, portalHref, serializeView, type PortalView } from "@/lib/portal-view";

function readStored(key: string): string | null {
  try {
    return window.sessionStorage.getItem(key);
  } catch {
    return null; // storage blocked (private mode, policy): the URL alone keeps the view
  }
}

function writeStored(key: string, value: string): void {
  try {
    window.sessionStorage.setItem(key, value);
  } catch {
    // as above
  }
}

const noSubscription = () => () => undefined;

/**
 * The view to open with, once it can be known: the server and hydration have no sessionStorage,
 * so they get the URL's view and `ready: false`; the browser's first render after that gets the
 * URL's view, else the stored copy, else the defaults (initialView), and `ready: true`.
 */
export function useOpeningView(initialQuery: string, storageKey: string): { ready: boolean; view: PortalView } {
  const stored = useSyncExternalStore(
    noSubscription,
    () => readStored(storageKey) ?? "",
    () => undefined,
  );
  const url = new URLSearchParams(initialQuery);
  return stored === undefined ? { ready: false, view: parseView(url) } : { ready: true, view: initialView(url, stored || null) };
}

/**
 * The grid's view from `initial` on, kept in the URL (replaceState: a reload or a shared link
 * shows the same view) and in sessionStorage under the account's key (coming back from a bill to
 * a bare /portal). Nothing is written before `ready` (the opening view is not known yet).
 */
export function usePortalView({ initial, ready, storageKey, as }: { initial: PortalView; ready: boolean; storageKey: string; as: string | null }) {
  const [view, setViewState] = useState<PortalView>(initial);

  useEffect(() => {
    if (!ready) return;
    writeStored(storageKey, serializeView(view).toString());
    const href = portalHref(view, as);
    if (`${window.location.pathname}${window.location.search}` !== href) window.history.replaceState(null, "", href);
  }, [ready, view, as, storageKey]);

  const setView = useCallback((update: (v: PortalView) => PortalView) => setViewState(update), []);
  return { view, setView };
}
