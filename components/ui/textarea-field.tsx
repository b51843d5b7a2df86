interface TextAreaFieldProps extends React.TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  name: string;
  errors?: string[];
}

/** A labelled multi-line input whose errors are tied to it for screen readers. */
export function TextAreaField({ label, name, errors, ...textarea }: TextAreaFieldProps) {
  const id = textarea.id ?? `field-${name}`;
  const errorId = `${id}-error`;
  const hasError = Boolean(errors?.length);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-semibold text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={3}
        aria-invalid={hasError || undefined}
        aria-describedby={hasError ? errorId : undefined}
        className="rounded-md border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-invalid:border-red-600"
        {...textarea}
      />
      {hasError && (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(" ")}
        </p>
      )}
    </div>
  );
}
