import { createTranslator, type _Translator } from "next-intl";
import type { Messages } from "@/i18n/messages";
import enBags from "@/messages/en/bags.json";

/** The words of the bag pages (the "bags" messages): pass `useTranslations("bags")` / `getTranslations("bags")`. */
export type BagWords = _Translator<Messages, "bags">;
/** English, the default of the formatters here (and what the tests read). */
export const ENGLISH_BAG_WORDS = createTranslator({ locale: "en", messages: { bags: enBags }, namespace: "bags" }) as unknown as BagWords;
