import { useTranslations } from "next-intl";

/** The centred card of the public sign-in pages (inside app/(auth)/layout.tsx's frame). */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: React.ReactNode }) {
  const tc = useTranslations("common");
  return (
    <main className="flex flex-1 items-center justify-center bg-brand-900 p-4">
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-xl sm:p-8">
        <p className="text-sm font-bold tracking-wide text-brand-700 uppercase">{tc("appName")}</p>
        <h1 className="mt-1 text-2xl font-bold text-brand-900">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-slate-600">{subtitle}</p>}
        <div className="mt-6">{children}</div>
      </div>
    </main>
  );
}
