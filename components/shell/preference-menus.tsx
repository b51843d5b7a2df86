"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, useSyncExternalStore, useTransition } from "react";
import { savePreferences } from "@/app/preferences/actions";
import { isTheme, LOCALE_NAMES, LOCALES, THEME_CHOICES, type Locale, type Theme, type ThemeChoice } from "@/lib/preferences";

type LocaleChoice = Locale | "browser";

// "header": the signed-in frame (labels shown only in the phone's folded menu); "bar": above a
// signed-out page's card; "page": the profile's form fields.
const LOOKS = {
  header: {
    box: "flex items-center gap-2 text-sm max-sm:w-full max-sm:flex-col max-sm:items-stretch",
    field: "flex items-center gap-2 max-sm:justify-between",
    label: "font-medium sm:sr-only",
    select: "min-h-10 rounded border border-white/40 bg-white px-2 text-sm text-slate-900 max-sm:min-h-11 max-sm:w-44",
    // Beside a select whose label is only read out (from `sm` up): which menu is which, at a glance.
    icon: "size-5 shrink-0 text-white/80 max-sm:hidden",
  },
  bar: {
    box: "flex flex-wrap items-center justify-end gap-x-4 gap-y-2 text-sm text-white",
    field: "flex items-center gap-2",
    label: "font-medium",
    select: "min-h-10 rounded border border-white/40 bg-white px-2 text-sm text-slate-900",
    icon: "hidden",
  },
  page: {
    box: "grid max-w-lg gap-4 sm:grid-cols-2",
    field: "flex flex-col gap-1",
    label: "text-sm font-semibold text-slate-800",
    select: "min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600",
    icon: "hidden",
  },
} as const;

/** The page's theme as <html data-theme> says it now: the server's choice, then the menus'. */
function subscribeToTheme(onChange: () => void): () => void {
  const watch = new MutationObserver(onChange);
  watch.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => watch.disconnect();
}
function shownTheme(): ThemeChoice {
  const theme = document.documentElement.dataset.theme;
  return isTheme(theme) ? theme : "system";
}

/**
 * The language and theme menus (issue 19), native selects. A theme applies at once (CSS reads
 * <html data-theme>) and is then remembered; a language is remembered, then the page is rendered
 * again in it. Signed in, the account remembers; signed out, this device (savePreferences).
 */
export function PreferenceMenus({ locale, theme, look }: { locale: Locale | null; theme: Theme | null; look: keyof typeof LOOKS }) {
  const t = useTranslations("common");
  const ts = useTranslations("shell");
  const router = useRouter();
  const id = useId();
  const style = LOOKS[look];

  // Every menu on the page (the header's and the profile's) follows the one attribute.
  const currentTheme = useSyncExternalStore(subscribeToTheme, shownTheme, () => theme ?? "system");
  // The language shown is the server's, except while a new choice is on its way.
  const [chosen, setChosen] = useState<{ from: Locale | null; value: LocaleChoice } | null>(null);
  const currentLocale: LocaleChoice = chosen && chosen.from === locale ? chosen.value : (locale ?? "browser");
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, startSaving] = useTransition();

  const save = async (kind: "locale" | "theme", value: string): Promise<boolean> => {
    setProblem(null);
    try {
      const answer = await savePreferences(kind, value);
      if (!answer.ok) setProblem(ts("preferences.saveFailed", { reason: answer.message }));
      return answer.ok;
    } catch {
      setProblem(ts("preferences.saveFailed", { reason: t("actions.retry") }));
      return false;
    }
  };

  const chooseTheme = (value: ThemeChoice) => {
    // At once: the page's colours follow before the server has answered.
    document.documentElement.dataset.theme = value;
    void save("theme", value);
  };

  const chooseLanguage = (value: LocaleChoice) => {
    setChosen({ from: locale, value });
    startSaving(async () => {
      if (await save("locale", value)) router.refresh();
      else setChosen(null);
    });
  };

  return (
    <div className={style.box}>
      <div className={style.field}>
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.5" className={style.icon}>
          <circle cx="10" cy="10" r="7.5" />
          <path d="M2.5 10h15M10 2.5c2.2 2.3 2.2 12.7 0 15M10 2.5c-2.2 2.3-2.2 12.7 0 15" />
        </svg>
        <label htmlFor={`${id}-language`} className={style.label}>
          {t("language.label")}
        </label>
        <select
          id={`${id}-language`}
          value={currentLocale}
          disabled={saving}
          onChange={(e) => chooseLanguage(e.target.value as LocaleChoice)}
          className={style.select}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
          <option value="browser">{t("language.browser")}</option>
        </select>
      </div>
      <div className={style.field}>
        <svg aria-hidden="true" viewBox="0 0 20 20" className={style.icon}>
          <circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M10 2.5a7.5 7.5 0 0 0 0 15z" fill="currentColor" />
        </svg>
        <label htmlFor={`${id}-theme`} className={style.label}>
          {t("theme.label")}
        </label>
        <select id={`${id}-theme`} value={currentTheme} onChange={(e) => chooseTheme(e.target.value as ThemeChoice)} className={style.select}>
          {THEME_CHOICES.map((c) => (
            <option key={c} value={c}>
              {t(`theme.${c}`)}
            </option>
          ))}
        </select>
      </div>
      {problem && (
        <p role="alert" className={look === "page" ? "text-sm text-red-700 sm:col-span-2" : "rounded bg-white px-2 py-1 text-sm text-red-800"}>
          {problem}
        </p>
      )}
    </div>
  );
}
