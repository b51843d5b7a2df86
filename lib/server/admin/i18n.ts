import "server-only";
import { createTranslator, type NamespaceKeys, type NestedKeyOf } from "next-intl";
import { MESSAGES, type Messages } from "@/i18n/messages";
import { DEFAULT_LOCALE, type Locale } from "@/lib/preferences";
import { BUSINESS_TZ } from "@/lib/time";
import { requestLocale } from "../i18n";

// The admin pages' and actions' words (issue 19), in the reader's language: the same locale and
// messages as next-intl's request config (i18n/request.ts), through createTranslator, so a page or
// an action also answers where no Next request config runs (a page rendered or an action called
// directly, as the db tests do). Keys stay typed against messages/en.

/** A namespace or a nested one ("users", "users.list"). */
export type Namespace = NamespaceKeys<Messages, NestedKeyOf<Messages>>;

/** This request's language; English when there is no request to ask (scripts, direct calls). */
export async function readerLocale(): Promise<Locale> {
  try {
    return await requestLocale();
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** A typed translator of one namespace in `locale` (dates in it are told in IST). */
export function translator<N extends Namespace>(locale: Locale, namespace: N) {
  return createTranslator({ locale, messages: MESSAGES[locale], namespace, timeZone: BUSINESS_TZ });
}

export type TranslatorOf<N extends Namespace> = ReturnType<typeof translator<N>>;

/** The reader's language and a translator of `namespace` in it. */
export async function readerTranslator<N extends Namespace>(namespace: N): Promise<{ locale: Locale; t: TranslatorOf<N> }> {
  const locale = await readerLocale();
  return { locale, t: translator(locale, namespace) };
}
