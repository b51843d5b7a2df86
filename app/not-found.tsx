import Link from "next/link";
import { useTranslations } from "next-intl";

export default function NotFound() {
  const t = useTranslations("shell.notFound");
  return (
    <main className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="mt-3 text-slate-700">{t("text")}</p>
      <Link href="/dashboard" className="mt-6 inline-block rounded bg-brand-700 px-4 py-2 font-semibold text-white">
        {t("back")}
      </Link>
    </main>
  );
}
