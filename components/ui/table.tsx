/**
 * A column of a data table. `show` hides it below a breakpoint (phones see the essential columns;
 * the row can repeat a hidden value under its first cell with `sm:hidden`).
 */
export interface Column {
  label: React.ReactNode;
  show?: "sm" | "md" | "lg";
  className?: string;
}

// Literal class names, so Tailwind sees them.
const SHOW: Record<NonNullable<Column["show"]>, string> = {
  sm: "hidden sm:table-cell",
  md: "hidden md:table-cell",
  lg: "hidden lg:table-cell",
};

/** The class of a cell in a column shown from `show` up (same breakpoints as the header). */
export function cellClass(show?: Column["show"], extra = ""): string {
  return ["px-3 py-2", show ? SHOW[show] : "", extra].filter(Boolean).join(" ");
}

/** The frame every data table shares: scrolling box, header row from `columns`, body rows as children. */
export function DataTable({
  columns,
  children,
  testId,
  caption,
}: {
  columns: readonly Column[];
  children: React.ReactNode;
  testId?: string;
  caption?: string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" data-testid={testId}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-100 text-slate-700">
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" className={cellClass(c.show, c.className)}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
