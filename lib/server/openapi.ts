import "server-only";
import { sessionCookieName } from "@/auth";
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/openapi/document";
import { renderDocsPage } from "@/lib/openapi/docs-page";
import type { Locale, ThemeChoice } from "@/lib/preferences";
import { getEnv } from "./env";
import { translatorFor } from "./i18n";

// The API's description (GET /api/openapi.json) and its reference page (GET /api/docs). Both
// depend only on the code, the deployment and the page's language and theme: built once each.

let built: OpenApiDocument | null = null;
const pages = new Map<string, string>();

/** The OpenAPI document of this deployment (its version and session cookie name). */
export function getOpenApiDocument(): OpenApiDocument {
  if (!built) {
    const env = getEnv();
    built = buildOpenApiDocument({ version: env.APP_VERSION, sessionCookie: sessionCookieName(env.cookieSecure) });
  }
  return built;
}

/** The reference page in `locale`, for `theme`. */
export function getDocsPageHtml(locale: Locale, theme: ThemeChoice): string {
  const key = `${locale}:${theme}`;
  let html = pages.get(key);
  if (html === undefined) {
    const common = translatorFor(locale, "common");
    html = renderDocsPage({
      document: getOpenApiDocument(),
      locale,
      theme,
      t: translatorFor(locale, "docs"),
      roleName: (role) => (common.has(`roles.${role}`) ? common(`roles.${role}`) : role),
    });
    pages.set(key, html);
  }
  return html;
}
