import { Children, cloneElement, isValidElement, type ReactNode } from "react";

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

// Below `sm` the table is a stack of cards: each row a block, each shown cell a line led by its
// column's name (data-label), so nothing scrolls sideways; buttons in a row are 44 px targets.
const PHONE_TABLE = [
  "max-sm:block",
  "max-sm:[&>tbody]:block",
  "max-sm:[&>tbody>tr]:block max-sm:[&>tbody>tr]:py-2",
  // flow-root: the cell's own blocks stack as usual and it holds the floated label.
  "max-sm:[&>tbody>tr>td:not(.hidden)]:flow-root max-sm:[&>tbody>tr>td]:py-1",
  "max-sm:[&>tbody>tr>td]:whitespace-normal max-sm:[&>tbody>tr>td]:[overflow-wrap:anywhere]",
  // The label floats in the cell's left padding: 7rem wide, then a 0.75rem gap.
  "max-sm:[&>tbody>tr>td[data-label]]:pl-[8.5rem]",
  "max-sm:[&>tbody>tr>td[data-label]]:before:float-left max-sm:[&>tbody>tr>td[data-label]]:before:-ml-[7.75rem]",
  "max-sm:[&>tbody>tr>td[data-label]]:before:w-28 max-sm:[&>tbody>tr>td[data-label]]:before:font-sans",
  "max-sm:[&>tbody>tr>td[data-label]]:before:font-semibold max-sm:[&>tbody>tr>td[data-label]]:before:text-slate-600",
  "max-sm:[&>tbody>tr>td[data-label]]:before:content-[attr(data-label)]",
  "max-sm:[&_button]:min-h-11",
].join(" ");

/**
 * Each `<td>` of a `<tr>` gets its column's label as `data-label` (shown before it on phones).
 * Explicit roles: some browsers drop a table's semantics once CSS makes its parts blocks.
 */
function labelCells(row: ReactNode, labels: readonly (string | undefined)[]): ReactNode {
  if (!isValidElement<{ children?: ReactNode; role?: string }>(row) || row.type !== "tr") return row;
  let index = 0;
  const cells = Children.map(row.props.children, (cell) => {
    if (!isValidElement<{ colSpan?: number; role?: string; "data-label"?: string }>(cell) || cell.type !== "td") return cell;
    const label = labels[index];
    index += cell.props.colSpan ?? 1;
    // A spanning cell ("No users yet") or one that names itself keeps its own label.
    const keep = Boolean(cell.props.colSpan) || cell.props["data-label"] !== undefined || !label;
    return cloneElement(cell, { role: cell.props.role ?? "cell", ...(keep ? {} : { "data-label": label }) });
  });
  return cloneElement(row, { role: row.props.role ?? "row" }, cells);
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
  const labels = columns.map((c) => (typeof c.label === "string" ? c.label : undefined));
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table role="table" className={`w-full text-left text-sm ${PHONE_TABLE}`} data-testid={testId}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead role="rowgroup" className="bg-slate-100 text-slate-700 max-sm:sr-only">
          <tr role="row">
            {columns.map((c, i) => (
              <th key={i} role="columnheader" scope="col" className={cellClass(c.show, c.className)}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup">{Children.map(children, (row) => labelCells(row, labels))}</tbody>
      </table>
    </div>
  );
}
