import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { PAGES, ROUTES, type PageEntry, type Principal } from "../authz-manifest";
import { DEMO, contextAs, type DemoUser } from "./helpers";
import { OUTCOME_STYLE } from "../../components/station/outcome-style";
import { LOCALES, LOCALE_COOKIE, THEMES, THEME_COOKIE, type Locale, type Theme } from "../../lib/preferences";

// Issue 19: every page of tests/authz-manifest.ts, as a principal allowed to see it, in every
// theme and language, has no serious or critical axe (WCAG 2.1 A/AA) violation. One test per page
// (the six combinations inside, each in a fresh context holding the two preference cookies), so
// the workers share the pages. Visits only: nothing is submitted, so any principal may be used.

test.describe.configure({ mode: "parallel" });

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const COMBINATIONS = THEMES.flatMap((theme) => LOCALES.map((locale) => ({ theme, locale })));

/** The demo user holding each principal's saved session (admin-no-2fa has none: any other suffices). */
const SESSION_OF: Partial<Record<Principal, DemoUser>> = {
  dispatcher: "dispatcher",
  biller: "biller",
  "admin-2fa": "admin",
  gate: "gate",
  customer: "customer",
};
type Visitor = DemoUser | "anonymous";

/** The first allowed principal that is shown the page rather than sent elsewhere; none: a redirect-only path. */
function visitorOf(entry: PageEntry): Visitor | undefined {
  const shown = (p: Principal) => entry.allow.includes(p) && !(entry.expect?.[p] && "redirect" in entry.expect[p]);
  if (shown("anonymous")) return "anonymous";
  for (const [principal, user] of Object.entries(SESSION_OF) as [Principal, DemoUser][]) if (shown(principal)) return user;
  return undefined;
}

async function contextFor(browser: Browser, visitor: Visitor, theme: Theme, locale: Locale, baseURL: string): Promise<BrowserContext> {
  const context = visitor === "anonymous" ? await browser.newContext() : await contextAs(browser, visitor);
  await context.addCookies([
    { name: THEME_COOKIE, value: theme, url: baseURL },
    { name: LOCALE_COOKIE, value: locale, url: baseURL },
  ]);
  return context;
}

/** Lets a client page settle (hydration, first fetches) without waiting on pages that poll. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await page.waitForLoadState("networkidle", { timeout: 3_000 }).catch(() => undefined);
}

/**
 * The faint "DRAFT" / "REVOKED" marks across a printed sheet or pass: decoration that must not hide
 * the rows under it (WCAG 1.4.3 exempts pure decoration); the state is also said in plain text.
 */
const WATERMARKS = ['[data-testid="sheet-draft"] > span', '[data-testid="printed-pass-void"] > span'];

/** axe's serious and critical violations of the open page, one readable line per failing element. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Legacy mode runs axe.run in the page itself (no extra blank page per run: the app has no
  // iframes to combine), and only violations are collected: together ≈ 2× faster here.
  const axe = new AxeBuilder({ page }).setLegacyMode().withTags(TAGS).options({ resultTypes: ["violations"] });
  for (const selector of WATERMARKS) axe.exclude(selector);
  const { violations } = await axe.analyze();
  const lines: string[] = [];
  for (const v of violations) {
    if (v.impact !== "serious" && v.impact !== "critical") continue;
    for (const node of v.nodes) {
      const data = node.any.find((c) => c.data && typeof c.data === "object" && "fgColor" in c.data)?.data as
        | { fgColor?: string; bgColor?: string; contrastRatio?: number; expectedContrastRatio?: string }
        | undefined;
      const colours = data ? ` colours ${data.fgColor} on ${data.bgColor} = ${data.contrastRatio}:1 (needs ${data.expectedContrastRatio})` : "";
      const why = colours || ` ${node.failureSummary?.replace(/\s+/g, " ").slice(0, 160) ?? ""}`;
      lines.push(`${v.id} [${v.impact}] ${node.target.join(" ")}${why} — ${node.html.slice(0, 120)}`);
    }
  }
  return lines;
}

/** Opens `path` in each theme × language as `visitor` and fails with every serious/critical violation found. */
async function expectAccessible(browser: Browser, baseURL: string, path: string, visitor: Visitor, extraCookies: Parameters<BrowserContext["addCookies"]>[0] = []) {
  const failures: string[] = [];
  for (const { theme, locale } of COMBINATIONS) {
    const context = await contextFor(browser, visitor, theme, locale, baseURL);
    if (extraCookies.length) await context.addCookies(extraCookies);
    const page = await context.newPage();
    // Each page's browser gets only its area's messages (issue 20): a client component reading a
    // namespace no layout gave it logs next-intl's MISSING_MESSAGE while it hydrates.
    page.on("console", (m) => {
      if (m.type() === "error" && /MISSING_MESSAGE|INSUFFICIENT_PATH/.test(m.text())) failures.push(`${theme}/${locale} ${path}: ${m.text().slice(0, 200)}`);
    });
    await page.goto(path);
    await settle(page);
    // The cookies reached the root layout: the page really is in this theme and language.
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    for (const line of await seriousViolations(page)) failures.push(`${theme}/${locale} ${new URL(page.url()).pathname}: ${line}`);
    await context.close();
  }
  expect(failures.length, `axe found serious or critical violations (or missing messages) on ${path} as ${visitor}:\n${failures.join("\n")}\n`).toBe(0);
}

const REDIRECT_ONLY: string[] = [];
for (const [file, entry] of Object.entries(PAGES)) {
  const visitor = visitorOf(entry);
  // "/" only sends everyone on, and /2fa needs a password sign-in first (its own test below).
  if (!visitor) {
    REDIRECT_ONLY.push(file);
    continue;
  }
  test(`${entry.path} (${file}) has no serious or critical axe violation in any theme or language`, async ({ browser, baseURL }) => {
    test.setTimeout(240_000);
    await expectAccessible(browser, baseURL ?? "", entry.path, visitor);
  });
}

test("the manifest's redirect-only pages are / and /2fa, which the tests below cover", () => {
  expect(REDIRECT_ONLY.sort()).toEqual(["(auth)/2fa/page.tsx", "page.tsx"]);
});

// The API reference (app/api/docs/route.ts) is a route handler serving its own HTML page, so it is
// listed with the routes; it reads the same two cookies.
const DOCS = ROUTES["api/docs/route.ts"]?.GET;
test("the API reference page has no serious or critical axe violation in any theme or language", async ({ browser, baseURL }) => {
  test.skip(!DOCS, "tests/authz-manifest.ts lists no api/docs/route.ts in this build");
  test.setTimeout(240_000);
  await expectAccessible(browser, baseURL ?? "", DOCS?.path ?? "/api/docs", "anonymous");
});

test("/2fa, half-way through signing in, has no serious or critical axe violation", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  // The admin's password (English form), then the pending-2FA cookie is carried into each combination.
  const signIn = await contextFor(browser, "anonymous", "light", "en", baseURL ?? "");
  const page = await signIn.newPage();
  await page.goto("/login");
  await page.getByLabel("Username").fill(DEMO.admin.username);
  await page.getByLabel("Password").fill(DEMO.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/2fa(\?|$)/);
  const pending = (await signIn.cookies()).filter((c) => c.name !== THEME_COOKIE && c.name !== LOCALE_COOKIE);
  await signIn.close();
  await expectAccessible(browser, baseURL ?? "", "/2fa", "anonymous", pending);
});

test("a genuine /status/<token> page has no serious or critical axe violation", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  // Read off the demo bill's page (the manifest's sample is a made-up token: the not-found page, covered above).
  const biller = await contextFor(browser, "biller", "light", "en", baseURL ?? "");
  const page = await biller.newPage();
  await page.goto(`/bills/DEMO-001`);
  const link = await page.getByTestId("status-link-url").inputValue();
  await biller.close();
  await expectAccessible(browser, baseURL ?? "", new URL(link).pathname, "anonymous");
});

// The manifest's samples of a user's and a customer account's pages name no record (the not-found
// page, covered above): here the real pages, the demo dispatcher's and the demo dealer's, read off
// the admin's lists.
const RECORD_PAGES = [
  { list: "/admin/users", link: 'a[href^="/admin/users/"]', text: DEMO.dispatcher.username, suffix: "" },
  { list: "/admin/users", link: 'a[href^="/admin/users/"]', text: DEMO.dispatcher.username, suffix: "/edit" },
  { list: "/admin/customers", link: 'a[href^="/admin/customers/"]', text: DEMO.customer.username, suffix: "" },
];
for (const { list, link, text, suffix } of RECORD_PAGES) {
  test(`a real record's page (${list}/<id>${suffix}) has no serious or critical axe violation`, async ({ browser, baseURL }) => {
    test.setTimeout(240_000);
    const admin = await contextFor(browser, "admin", "light", "en", baseURL ?? "");
    const page = await admin.newPage();
    await page.goto(list);
    const href = await page.locator(link).filter({ hasText: text }).first().getAttribute("href");
    await admin.close();
    expect(href, `a link to ${text} on ${list}`).toBeTruthy();
    await expectAccessible(browser, baseURL ?? "", `${href}${suffix}`, "admin");
  });
}

test.describe("the scan station by keyboard", () => {
  for (const theme of THEMES) {
    test(`in the ${theme} theme the scan input has the focus with a visible outline, and results are announced`, async ({ browser, baseURL }) => {
      const context = await contextFor(browser, "dispatcher", theme, "en", baseURL ?? "");
      const page = await context.newPage();
      await page.goto("/scan");
      const input = page.locator("#scan-input");
      await expect(input).toBeVisible();
      // Focused on arrival (a scanner types into it); else reachable by Tab.
      for (let tabs = 0; tabs < 40 && !(await input.evaluate((el) => el === document.activeElement)); tabs++) await page.keyboard.press("Tab");
      await expect(input).toBeFocused();
      const outline = await input.evaluate((el) => {
        const s = getComputedStyle(el);
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
      });
      expect(outline.style, `focus outline of the scan input in ${theme}`).not.toBe("none");
      expect(outline.width, `focus outline width in ${theme}`).toBeGreaterThanOrEqual(2);
      // The answer panel announces each scan result at once.
      const region = page.getByTestId("scan-feedback");
      await expect(region).toHaveAttribute("aria-live", /assertive|polite/);
      // Tab moves on to the next control, which also shows where the focus is.
      await page.keyboard.press("Tab");
      const next = await page.evaluate(() => {
        const el = document.activeElement;
        return el && el !== document.body ? getComputedStyle(el).outlineStyle : "none";
      });
      expect(next, `focus outline after Tab in ${theme}`).not.toBe("none");
    });
  }
});

// Keyboard users see where they are: every Tab stop of a signed-out page, the header and a form
// draws a focus outline (app/globals.css: amber, or black and yellow in high contrast) in each theme.
const TAB_WALKS: { path: string; visitor: Visitor }[] = [
  { path: "/login", visitor: "anonymous" },
  { path: "/dashboard", visitor: "biller" },
  { path: "/bills/new", visitor: "biller" },
];
for (const { path, visitor } of TAB_WALKS) {
  test(`every Tab stop on ${path} shows a focus ring in every theme`, async ({ browser, baseURL }) => {
    test.setTimeout(120_000);
    const unseen: string[] = [];
    for (const theme of THEMES) {
      const context = await contextFor(browser, visitor, theme, "en", baseURL ?? "");
      const page = await context.newPage();
      await page.goto(path);
      await settle(page);
      const visited = new Set<string>();
      for (let tab = 0; tab < 25; tab++) {
        await page.keyboard.press("Tab");
        const stop = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const s = getComputedStyle(el);
          const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
          const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.getAttribute("aria-label") ?? (el as HTMLElement).innerText ?? "").trim().slice(0, 30)}"`;
          return { name, ring };
        });
        if (!stop) continue;
        visited.add(stop.name);
        if (!stop.ring) unseen.push(`${theme} ${path}: no focus ring on ${stop.name}`);
      }
      expect(visited.size, `Tab reaches the controls of ${path} in ${theme}`).toBeGreaterThan(2);
      await context.close();
    }
    expect(unseen.length, unseen.join("\n")).toBe(0);
  });
}

// The scan station's answers (components/station/outcome-style.ts) told apart in every theme: each
// panel's background or border differs clearly from every other's (or its border is dashed), and
// its words, and the history badge's, read at 4.5:1. The words themselves ("OK", "Error"…, and the
// queued hourglass) mean colour is never the only signal.
const OUTCOMES = ["ok", "duplicate", "error", "complete", "undone", "queued"] as const;

test("the scan outcomes' colours stay distinguishable and readable in every theme", async ({ browser, baseURL }) => {
  const report: string[] = [];
  for (const theme of THEMES) {
    const context = await contextFor(browser, "anonymous", theme, "en", baseURL ?? "");
    const page = await context.newPage();
    await page.goto("/login");
    const panels = await page.evaluate(
      (styles) => {
        // Any CSS colour (Tailwind 4's are oklch) to sRGB through a canvas pixel.
        const ctx = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
        if (!ctx) throw new Error("no canvas");
        const rgb = (colour: string): [number, number, number] => {
          ctx.clearRect(0, 0, 1, 1);
          ctx.fillStyle = colour;
          ctx.fillRect(0, 0, 1, 1);
          const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
          return [r ?? 0, g ?? 0, b ?? 0];
        };
        return styles.map(({ state, panel, badge }) => {
          const box = document.createElement("div");
          box.className = `rounded-xl border-2 px-4 py-3 ${panel}`;
          box.innerHTML = `<p class="text-sm font-bold">${state}</p><span class="text-xs font-bold ${badge}">${state}</span>`;
          document.body.append(box);
          const s = getComputedStyle(box);
          const [words, tag] = [box.children[0], box.children[1]].map((el) => getComputedStyle(el as Element));
          const out = {
            state,
            bg: rgb(s.backgroundColor),
            border: rgb(s.borderTopColor),
            dashed: s.borderTopStyle === "dashed",
            text: rgb(words?.color ?? ""),
            badgeText: rgb(tag?.color ?? ""),
            badgeBg: rgb(tag?.backgroundColor ?? ""),
          };
          box.remove();
          return out;
        });
      },
      OUTCOMES.map((state) => ({ state, panel: OUTCOME_STYLE[state].panel, badge: OUTCOME_STYLE[state].badge })),
    );
    await context.close();
    for (const p of panels) {
      const ratio = contrastRatio(p.text, p.bg);
      if (ratio < 4.5) report.push(`${theme}: ${p.state} text ${p.text} on ${p.bg} is ${ratio.toFixed(2)}:1`);
      // The history list's badge for the same outcome.
      const badge = contrastRatio(p.badgeText, p.badgeBg);
      if (badge < 4.5) report.push(`${theme}: ${p.state} badge ${p.badgeText} on ${p.badgeBg} is ${badge.toFixed(2)}:1`);
    }
    for (const [i, a] of panels.entries()) {
      for (const b of panels.slice(i + 1)) {
        const apart = Math.max(deltaE(a.bg, b.bg), deltaE(a.border, b.border));
        if (apart < 20 && a.dashed === b.dashed) report.push(`${theme}: ${a.state} and ${b.state} look alike (ΔE ${apart.toFixed(1)})`);
      }
    }
  }
  expect(report, report.join("\n")).toEqual([]);
});

type Rgb = [number, number, number];
const linear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]: Rgb) => 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
/** CIE76 colour difference in L*a*b* (D65): about 2.3 is just noticeable, 20+ is plainly another colour. */
function deltaE(a: Rgb, b: Rgb): number {
  const lab = ([r, g, b]: Rgb) => {
    const [R, G, B] = [linear(r), linear(g), linear(b)];
    const xyz = [(0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047, 0.2126 * R + 0.7152 * G + 0.0722 * B, (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883];
    const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (841 / 108) * t + 4 / 29);
    const [fx, fy, fz] = xyz.map(f) as [number, number, number];
    return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)] as const;
  };
  const [l1, a1, b1] = lab(a);
  const [l2, a2, b2] = lab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}
