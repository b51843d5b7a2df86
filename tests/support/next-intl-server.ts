// Vitest stand-in for "next-intl/server" (issue 19): next-intl's own build for a non-RSC
// environment throws on every call. This one answers in the request's language as
// i18n/request.ts would (lib/server/i18n.ts requestLocale), English when no request is mocked.
import { createFormatter, createTranslator } from "use-intl";
import { MESSAGES } from "@/i18n/messages";
import type { Locale } from "@/lib/preferences";
import { testLocale } from "./next-intl";

type Options = string | { locale?: Locale; namespace?: string } | undefined;

export async function getLocale(): Promise<Locale> {
  const forced = (globalThis as { __TT_TEST_LOCALE?: Locale }).__TT_TEST_LOCALE;
  if (forced) return forced;
  try {
    const { requestLocale } = await import("@/lib/server/i18n");
    return await requestLocale();
  } catch {
    return testLocale();
  }
}

export async function getTranslations(options?: Options) {
  const namespace = typeof options === "string" ? options : options?.namespace;
  const locale = (typeof options === "object" && options.locale) || (await getLocale());
  return createTranslator({ locale, messages: MESSAGES[locale], namespace: namespace as never });
}

export async function getMessages(options?: { locale?: Locale }) {
  return MESSAGES[options?.locale ?? (await getLocale())];
}

export async function getFormatter(options?: { locale?: Locale }) {
  return createFormatter({ locale: options?.locale ?? (await getLocale()), timeZone: "Asia/Kolkata" });
}

export async function getNow() {
  return new Date();
}

export async function getTimeZone() {
  return "Asia/Kolkata";
}

export function setRequestLocale(): void {}

export function getRequestConfig<T>(create: T): T {
  return create;
}
