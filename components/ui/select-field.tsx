interface SelectFieldProps extends React.SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
}

/** A labelled native select (native, so phones show their own picker). */
export function SelectField({ label, name, options, ...select }: SelectFieldProps) {
  const id = select.id ?? `field-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-semibold text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600"
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
