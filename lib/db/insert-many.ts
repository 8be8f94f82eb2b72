// Thousands of rows in one statement: INSERT ... SELECT FROM unnest(one array per column).
// Prisma's createMany binds one parameter per value, which on PGlite costs about half a
// millisecond a row (2,000 requests: 2 s); one array per column costs a few ms per thousand rows.
// Bulk jobs write several tables in one transaction, and PGlite runs one transaction at a time.

import { Prisma } from "./generated/client";

/** How a column's values travel (arrays of text, int or boolean) and are cast on insert. */
export type ColumnType = "text" | "int" | "boolean" | "timestamptz" | "jsonb" | { enum: string };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const quote = (name: string) => {
  // Table, column and enum names come from code, never from input; checked all the same.
  if (!IDENTIFIER.test(name)) throw new Error(`insertMany: not an identifier: ${name}`);
  return `"${name}"`;
};

/**
 * Inserts `rows` into `table`; `columns` names every column written (Prisma field names, which are
 * the column names in this schema) and its type. Defaults that Prisma applies itself (cuid ids,
 * @updatedAt) are not applied: give ids and updatedAt explicitly. Returns the number of rows.
 */
export async function insertMany<Row extends Record<string, unknown>>(
  tx: Pick<Prisma.TransactionClient, "$executeRaw">,
  table: Prisma.ModelName,
  columns: { [K in keyof Row & string]?: ColumnType },
  rows: Row[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = Object.keys(columns) as (keyof Row & string)[];
  const arrays = names.map((name) => {
    const type = columns[name]!;
    const values = rows.map((row) => {
      const value = row[name];
      if (value === null || value === undefined) return null;
      if (type === "jsonb") return JSON.stringify(value);
      if (type === "timestamptz") return (value as unknown as Date).toISOString();
      return value;
    });
    return Prisma.sql`${values}::${Prisma.raw(type === "int" ? "int[]" : type === "boolean" ? "boolean[]" : "text[]")}`;
  });
  const selects = names.map((name) => {
    const type = columns[name]!;
    const cast = typeof type === "object" ? `::${quote(type.enum)}` : type === "jsonb" ? "::jsonb" : type === "timestamptz" ? "::timestamptz" : "";
    return Prisma.raw(`v.${quote(name)}${cast}`);
  });
  const columnList = Prisma.raw(names.map(quote).join(", "));
  return tx.$executeRaw`
    INSERT INTO ${Prisma.raw(quote(table))} (${columnList})
    SELECT ${Prisma.join(selects)} FROM unnest(${Prisma.join(arrays)}) AS v(${columnList})`;
}
