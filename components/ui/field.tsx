interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  errors?: string[];
  /** A short help text under the field, read out with it. */
  hint?: string;
}

/** A labelled input whose hint and errors are tied to it for screen readers. */
export function Field({ label, name, errors, hint, ...input }: FieldProps) {
  const id = input.id ?? `field-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const hasError = Boolean(errors?.length);
  const describedBy = [hint ? hintId : "", hasError ? errorId : ""].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-semibold text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={hasError || undefined}
        aria-describedby={describedBy || undefined}
        className="rounded-md border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-invalid:border-red-600"
        {...input}
      />
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      {hasError && (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(" ")}
        </p>
      )}
    </div>
  );
}
