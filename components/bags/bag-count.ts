import type { BagCount } from "@/lib/dto/bags";

const whole = new Intl.NumberFormat("en-IN");
const oneDecimal = new Intl.NumberFormat("en-IN", { maximumFractionDigits: 1 });
const twoFigures = new Intl.NumberFormat("en-IN", { maximumSignificantDigits: 2 });

/** A large number as an Indian reader says it: 1.8 lakh, 2.3 crore; below a lakh, 12,000. */
export function formatApproxNumber(n: number): string {
  if (n >= 10_000_000) return `${oneDecimal.format(n / 10_000_000)} crore`;
  if (n >= 100_000) return `${oneDecimal.format(n / 100_000)} lakh`;
  return twoFigures.format(n);
}

/** The list header's count: "1 bag", "4,210 bags", "more than 10,000 bags", "about 1.8 lakh bags". */
export function formatBagCount(count: BagCount): string {
  if (count.kind === "more_than") return `more than ${whole.format(count.n)} bags`;
  if (count.kind === "about") return `about ${formatApproxNumber(count.n)} bags`;
  return count.n === 1 ? "1 bag" : `${whole.format(count.n)} bags`;
}
