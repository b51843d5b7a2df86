import { useTranslations } from "next-intl";

/** A list's filters that failed and were left out (readFilters' `problems`), said above the list. */
export function FilterProblems({ problems }: { problems: readonly string[] }) {
  const t = useTranslations("shell.ui");
  if (problems.length === 0) return null;
  return (
    <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {t("filterProblems", { problems: problems.join(" ") })}
    </p>
  );
}
