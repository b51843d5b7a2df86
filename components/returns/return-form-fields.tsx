import { useTranslations } from "next-intl";
import { SelectField } from "@/components/ui/select-field";
import { TextAreaField } from "@/components/ui/textarea-field";
import { DISPATCH_AREAS } from "@/lib/domain";
import { RETURN_NOTES_MAX } from "@/lib/schemas/returns";

/** The C&F location and notes, as the new-ticket and edit forms both ask them. */
export function ReturnFormFields({ area, notes, fields }: { area: string; notes: string; fields?: Record<string, string[]> }) {
  const t = useTranslations("returns.form");
  const tc = useTranslations("common");
  const areaOptions = [{ value: "", label: t("choose") }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: tc(`areas.${a}`) }))];
  return (
    <>
      <div>
        <SelectField label={t("area")} name="area" required defaultValue={area} options={areaOptions} />
        {fields?.area && <p className="mt-1 text-sm text-red-700">{fields.area.join(" ")}</p>}
      </div>
      <TextAreaField label={t("notes")} name="notes" maxLength={RETURN_NOTES_MAX} defaultValue={notes} errors={fields?.notes} />
    </>
  );
}

/** A refused form's sentence, read out when it appears. */
export function FormMessage({ message, ok }: { message?: string | undefined; ok: boolean }) {
  return (
    <div aria-live="polite" role="status" className="min-h-6">
      {message && (
        <p
          className={`rounded-md border px-3 py-2 text-sm font-medium ${ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-800"}`}
        >
          {message}
        </p>
      )}
    </div>
  );
}
