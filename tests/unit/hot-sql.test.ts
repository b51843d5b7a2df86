import { getTableColumns, sql, type SQL } from "drizzle-orm";
import { alias, PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { columnNames, hotSql } from "@/db/client";
import { bags, links } from "@/db/schema";

const render = (query: SQL) => new PgDialect().sqlToQuery(query);

describe("hotSql", () => {
  const p = alias(bags, "p");
  const P = getTableColumns(p);
  const statement = (tag: typeof sql, qr: string, area: SQL) =>
    tag`select ${P.id} as id, ${links.childBagId} as child from ${bags} ${p}
          left join ${links} on ${links.parentBagId} = ${P.id}
         where upper(${P.qr}) = ${qr} and ${area} limit ${1}`;

  it("renders the same text and parameters as sql, names written in and values still parameters", () => {
    const area = sql`${P.dispatchArea} = ${"lucknow"}`;
    const hot = render(statement(hotSql as typeof sql, "SB00001", area));
    expect(hot).toEqual(render(statement(sql, "SB00001", area)));
    expect(hot.sql).toContain(`from "bags" "p"`);
    expect(hot.sql).toContain(`upper("p"."qr") = $1 and "p"."dispatch_area" = $2 limit $3`);
    expect(hot.params).toEqual(["SB00001", "lucknow", 1]);
  });

  it("renders a fresh alias column (a new object at every access) and a second call alike", () => {
    const first = render(hotSql`select ${p.id} from ${bags} ${p} where ${p.qr} = ${"A"}`);
    const second = render(hotSql`select ${p.id} from ${bags} ${p} where ${p.qr} = ${"B"}`);
    expect(first.sql).toBe(`select "p"."id" from "bags" "p" where "p"."qr" = $1`);
    expect(second).toEqual({ ...first, params: ["B"] });
  });

  it("keeps a value that looks like a name as a parameter, never as text", () => {
    const hostile = `"bags"; drop table bags; --`;
    expect(render(hotSql`select 1 from ${bags} where ${bags.qr} = ${hostile}`)).toMatchObject({
      sql: `select 1 from "bags" where "bags"."qr" = $1`,
      params: [hostile],
    });
  });

  it("columnNames gives the bare, quoted column list of an insert", () => {
    expect(render(sql`insert into ${bags} (${columnNames(bags.qr, bags.dispatchArea)})`).sql).toBe(`insert into "bags" ("qr", "dispatch_area")`);
  });
});
