import "@fontsource/noto-sans-devanagari/400.css";
import "@fontsource/noto-sans-devanagari/700.css";
import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { BASE_CLIENT_NAMESPACES, pickClientMessages } from "@/i18n/messages";
import { connection } from "next/server";
import { requestLocale, requestTheme } from "@/lib/server/i18n";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "TraceTrack", template: "%s · TraceTrack" },
  description: "Bag tracking for warehouse and dispatch floors",
  // Installed on a tablet or phone (app/manifest.ts is linked by Next itself): name and icon.
  applicationName: "TraceTrack",
  appleWebApp: { capable: true, title: "TraceTrack", statusBarStyle: "default" },
  icons: { icon: [{ url: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }], apple: "/icons/apple-touch-icon.png" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#17613a" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (proxy.ts).
  await connection();
  // The language and theme are known before the first byte (the person's choice, else the
  // device's cookie): the page never flashes the wrong theme; "system" is decided by CSS alone.
  const [locale, theme] = await Promise.all([requestLocale(), requestTheme()]);
  // The shell's words only: each area's layout adds its own (<ClientMessages>).
  const messages = pickClientMessages(await getMessages(), BASE_CLIENT_NAMESPACES);
  return (
    <html lang={locale} data-theme={theme}>
      <body className="min-h-dvh">
        <NextIntlClientProvider locale={locale} messages={messages}>
          {children}
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
