import { SelectField } from "@/components/ui/select-field";
import { TextAreaField } from "@/components/ui/textarea-field";
import { DISPATCH_AREAS, formatArea } from "@/lib/domain";
import { RETURN_NOTES_MAX } from "@/lib/schemas/returns";

const AREA_OPTIONS = [{ value: "", label: "— choose —" }, ...DISPATCH_AREAS.map((a) => ({ value: a, label: formatArea(a) }))];

/** The C&F location and notes, as the new-ticket and edit forms both ask them. */
export function ReturnFormFields({ area, notes, fields }: { area: string; notes: string; fields?: Record<string, string[]> }) {
  return (
    <>
      <div>
        <SelectField label="C&F location (dispatch area)" name="area" required defaultValue={area} options={AREA_OPTIONS} />
        {fields?.area && <p className="mt-1 text-sm text-red-700">{fields.area.join(" ")}</p>}
      </div>
      <TextAreaField label="Notes (optional)" name="notes" maxLength={RETURN_NOTES_MAX} defaultValue={notes} errors={fields?.notes} />
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
