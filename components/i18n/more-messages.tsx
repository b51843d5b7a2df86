"use client";

import { NextIntlClientProvider, useLocale, useMessages } from "next-intl";
import { useMemo } from "react";

/**
 * Adds namespaces to the messages of the provider above (next-intl's providers replace, not
 * merge): an area's layout gives its client components their words without every page carrying
 * every area's. Locale, time zone and error handling stay those of the provider above.
 */
export function MoreMessages({ messages, children }: { messages: Record<string, unknown>; children: React.ReactNode }) {
  const outer = useMessages();
  const locale = useLocale();
  const merged = useMemo(() => ({ ...outer, ...messages }), [outer, messages]);
  return (
    <NextIntlClientProvider locale={locale} messages={merged}>
      {children}
    </NextIntlClientProvider>
  );
}
