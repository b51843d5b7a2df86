import { DOCS_CSP } from "@/lib/openapi/docs-style";
import { requestLocale, requestTheme } from "@/lib/server/i18n";
import { getDocsPageHtml } from "@/lib/server/openapi";

export const dynamic = "force-dynamic";

// The API reference as a server-built page: no script, one <style> allowed by its hash. /api/*
// skips proxy.ts, so the page sends its own policy (next.config.ts sends the same one for it).
export async function GET() {
  const [locale, theme] = await Promise.all([requestLocale(), requestTheme()]);
  return new Response(getDocsPageHtml(locale, theme), {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": DOCS_CSP,
      // In the reader's language and theme: a private copy only.
      "Cache-Control": "private, max-age=300",
      Vary: "Cookie, Accept-Language",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
