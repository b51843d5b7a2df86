import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, resolveLocale, resolveTheme } from "@/lib/preferences";

// Issue 19: which language and theme a request renders with, before anything is stored.

describe("localeFromAcceptLanguage", () => {
  it("takes the language the browser weights highest, not the one it lists first", () => {
    expect(localeFromAcceptLanguage("en;q=0.5,hi;q=0.9")).toBe("hi");
    expect(localeFromAcceptLanguage("hi;q=0.4,en;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("hi-IN,hi;q=0.9,en;q=0.8")).toBe("hi");
  });

  it("keeps the earlier of two equal weights, and reads a missing weight as 1", () => {
    expect(localeFromAcceptLanguage("hi,en")).toBe("hi");
    expect(localeFromAcceptLanguage("en-IN,hi")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=1,hi")).toBe("en");
  });

  it("matches a region or script variant by its primary language, in any case", () => {
    expect(localeFromAcceptLanguage("HI-in")).toBe("hi");
    expect(localeFromAcceptLanguage("hi-Deva-IN;q=0.7")).toBe("hi");
  });

  it("skips languages it does not speak and falls back to English when none is left", () => {
    expect(localeFromAcceptLanguage("fr-FR,de;q=0.9,hi;q=0.3")).toBe("hi");
    expect(localeFromAcceptLanguage("ta-IN,bn;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("*")).toBe("en");
    expect(localeFromAcceptLanguage("hindi,english")).toBe("en");
  });

  it("treats a missing or malformed header as English and ignores broken or refused weights", () => {
    expect(localeFromAcceptLanguage(null)).toBe("en");
    expect(localeFromAcceptLanguage(undefined)).toBe("en");
    expect(localeFromAcceptLanguage("")).toBe("en");
    expect(localeFromAcceptLanguage(";;;,,,;q=")).toBe("en");
    expect(localeFromAcceptLanguage("hi;q=abc,en;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage("hi;q=0,en;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage("hi;q=2,en;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage("hi;q=-1")).toBe("en");
  });

  it("reads only the start of an oversized header", () => {
    expect(localeFromAcceptLanguage(`${"xx;q=0.1,".repeat(100)}hi`)).toBe("en");
    expect(localeFromAcceptLanguage(`hi;q=0.2,${"xx,".repeat(500)}en`)).toBe("hi");
  });
});

describe("resolveLocale", () => {
  it("puts the person's choice before the device's cookie and the browser", () => {
    expect(resolveLocale("hi", "en", "en")).toBe("hi");
    expect(resolveLocale("en", "hi", "hi")).toBe("en");
  });

  it("uses the device's cookie when the person has no choice, then the browser", () => {
    expect(resolveLocale(null, "hi", "en")).toBe("hi");
    expect(resolveLocale(undefined, undefined, "hi-IN,en;q=0.5")).toBe("hi");
    expect(resolveLocale(null, undefined, null)).toBe("en");
  });

  it("ignores a cookie that is not one of its languages", () => {
    expect(resolveLocale(null, "fr", "hi")).toBe("hi");
    expect(resolveLocale(null, "HI", "en")).toBe("en");
    expect(resolveLocale(null, "", null)).toBe("en");
  });
});

describe("resolveTheme", () => {
  it("puts the person's choice before the device's cookie", () => {
    expect(resolveTheme("dark", "light")).toBe("dark");
    expect(resolveTheme("contrast", undefined)).toBe("contrast");
  });

  it("uses the device's cookie without a choice, and the system without either", () => {
    expect(resolveTheme(null, "dark")).toBe("dark");
    expect(resolveTheme(undefined, "contrast")).toBe("contrast");
    expect(resolveTheme(null, undefined)).toBe("system");
  });

  it("leaves an unknown or a 'system' cookie to the system", () => {
    expect(resolveTheme(null, "purple")).toBe("system");
    expect(resolveTheme(null, "system")).toBe("system");
    expect(resolveTheme(null, "DARK")).toBe("system");
  });
});
