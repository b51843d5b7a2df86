import { createTranslator, useLocale, useTranslations } from "next-intl";
import type { STATION_NAMESPACES } from "@/i18n/messages";
import type { Locale } from "@/lib/preferences";
import { ENGLISH, STATION_ENGLISH_MESSAGES, type Words } from "@/lib/station";

// The stations' words: next-intl's translator of the reader's language. A station drawn outside
// the app's NextIntlClientProvider (rendered on its own, as tests/unit/gate.test.ts and the
// scan page's db test draw it) speaks English instead of failing: its words are the stations'
// English messages (lib/station.ts), the same ones the provider would give an English reader.

// The namespaces a station reads through useWords() (the browser must have them: see
// tests/support/client-messages-graph.ts):
// client-messages: scan, station, offline, gate, common, errors
// Type-only: the message files behind i18n/messages.ts stay out of the browser bundle.
type StationNamespace = (typeof STATION_NAMESPACES)[number] | "common";
type Translator<N extends StationNamespace> = ReturnType<typeof useTranslations<N>>;

const english = new Map<StationNamespace, unknown>();

function englishOf<N extends StationNamespace>(namespace: N): Translator<N> {
  let t = english.get(namespace) as Translator<N> | undefined;
  if (!t) english.set(namespace, (t = createTranslator({ locale: "en", messages: STATION_ENGLISH_MESSAGES, namespace })));
  return t;
}

/** `useTranslations(namespace)`, or English without a provider; with no namespace, the root translator (Words). */
export function useWords(): Words;
export function useWords<N extends StationNamespace>(namespace: N): Translator<N>;
export function useWords<N extends StationNamespace>(namespace?: N): Translator<N> | Words {
  try {
    // One hook call either way: the provider is there for the whole life of the component, or never.
    return useTranslations(namespace as N);
  } catch {
    return namespace ? englishOf(namespace) : ENGLISH;
  }
}

/** The reader's language (for numbers and times), English without a provider. */
export function useWordsLocale(): Locale {
  try {
    return useLocale();
  } catch {
    return "en";
  }
}
