"use client";

import { useEffect, useState } from "react";
import type { CustomerPick } from "@/lib/dto/customers";

const DEBOUNCE_MS = 150;

/**
 * The customers whose names contain `query` (GET /api/customers?q=), asked again a moment after
 * the typing stops; an older answer never replaces a newer one. While `enabled` is false nothing
 * is asked. A failed request leaves the list empty: the field still takes any typed name.
 */
export function useCustomerSuggestions(query: string, enabled: boolean): CustomerPick[] {
  const [found, setFound] = useState<{ query: string; customers: CustomerPick[] }>({ query: "", customers: [] });
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/customers?q=${encodeURIComponent(query.trim())}`, { signal: controller.signal, headers: { accept: "application/json" } });
        if (!res.ok) return;
        const body = (await res.json()) as { customers?: CustomerPick[] };
        setFound({ query, customers: Array.isArray(body.customers) ? body.customers : [] });
      } catch {
        // Aborted by newer typing, or offline: keep what is shown.
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, enabled]);
  return enabled ? found.customers : [];
}
