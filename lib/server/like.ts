import "server-only";

/** `s` as a LIKE pattern's literal text: %, _ and the escape character itself lose their meaning. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
