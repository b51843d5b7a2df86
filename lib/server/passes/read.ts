import "server-only";
import { billCustomerName } from "../customers/resolve";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { keysetCursorAt, reusableQuery, type Db, type Tx } from "@/db/client";
import { bags, billBags, bills, gatePasses, users } from "@/db/schema";
import type { PassDto } from "@/lib/dto/passes";
import { passStatusOf } from "@/lib/passes";
import { computeWeights, weighTallies, type WeighedParent } from "@/lib/weights";
import { weighBill } from "../bills/bill-counts";
import { tallyBills } from "../bills/tallies";
import { getEnv } from "../env";
import { signPassCode } from "./signature";

const issuer = alias(users, "pass_issuer");
const gateUser = alias(users, "pass_gate_user");
const revoker = alias(users, "pass_revoker");

/** The columns every pass answer is built from (never a whole row). */
export const passColumns = {
  id: gatePasses.id,
  billId: gatePasses.billId,
  code: gatePasses.code,
  billNumber: bills.billNumber,
  billStatus: bills.status,
  customer: billCustomerName(bills.customerId),
  linkedCount: bills.linkedCount,
  capacity: bills.capacity,
  state: gatePasses.state,
  driverName: gatePasses.driverName,
  driverPhone: gatePasses.driverPhone,
  coDriverName: gatePasses.coDriverName,
  coDriverPhone: gatePasses.coDriverPhone,
  vehicleNumber: gatePasses.vehicleNumber,
  notes: gatePasses.notes,
  validFrom: gatePasses.validFrom,
  validUntil: gatePasses.validUntil,
  issuedBy: issuer.username,
  createdAt: gatePasses.createdAt,
  /** created_at to the microsecond, for the list's keyset cursor (lib/schemas/keyset.ts). */
  cursorAt: keysetCursorAt(gatePasses.createdAt),
  printCount: gatePasses.printCount,
  usedAt: gatePasses.usedAt,
  usedBy: gateUser.username,
  revokedAt: gatePasses.revokedAt,
  revokedBy: revoker.username,
  revokeReason: gatePasses.revokeReason,
};

/** A pass row's `parents` when its bill is not weighed in the same statement. */
const NOT_WEIGHED = sql<WeighedParent[] | null>`null`;
/** A pass row's `parents`: its bill's parents (qr, child count) as weighBill reads them, to weigh in the same statement. */
const PARENTS_TO_WEIGH = sql<WeighedParent[] | null>`(select coalesce(json_agg(json_build_object('qr', ${bags.qr}, 'childCount', ${bags.childCount})), '[]'::json)
  from ${billBags} join ${bags} on ${bags.id} = ${billBags.bagId} where ${billBags.billId} = ${gatePasses.billId})`;

/** `select(passColumns)` with the joins it needs, filtered by `where`; `parents` only when asked (PARENTS_TO_WEIGH). */
export function selectPasses(conn: Db | Tx, where: SQL | undefined, parents = NOT_WEIGHED) {
  return conn
    .select({ ...passColumns, parents })
    .from(gatePasses)
    .innerJoin(bills, eq(bills.id, gatePasses.billId))
    .leftJoin(issuer, eq(issuer.id, gatePasses.issuedBy))
    .leftJoin(gateUser, eq(gateUser.id, gatePasses.usedBy))
    .leftJoin(revoker, eq(revoker.id, gatePasses.revokedBy))
    .where(where);
}

export type PassRow = Awaited<ReturnType<typeof selectPasses>>[number];

// The gate scan reads one pass per scan: by id and by code, each rendered once (reusableQuery).
const passById = reusableQuery((conn: Db | Tx) => selectPasses(conn, eq(gatePasses.id, sql.placeholder("id"))).limit(1));
const passByCode = reusableQuery((conn: Db | Tx) => selectPasses(conn, eq(gatePasses.code, sql.placeholder("code"))).limit(1));

// The gate's answer after it admits a truck: the pass by id and its bill's parents to weigh (as
// weighBill reads them), in one statement.
const weighedPassById = reusableQuery((conn: Db | Tx) => selectPasses(conn, eq(gatePasses.id, sql.placeholder("id")), PARENTS_TO_WEIGH).limit(1));

/** One pass row by id with its bill's parents to weigh (passDtoOf weighs them without another read), or undefined. */
export async function weighedPassRowById(conn: Db | Tx, id: number): Promise<PassRow | undefined> {
  const [row] = await weighedPassById.run(conn, { id });
  return row;
}

/** One pass row by id or by code (exact; codes are uppercase), or undefined. */
export async function passRowBy(conn: Db | Tx, key: { id: number } | { code: string }): Promise<PassRow | undefined> {
  const [row] = "id" in key ? await passById.run(conn, { id: key.id }) : await passByCode.run(conn, { code: key.code });
  return row;
}

export interface PassViewOptions {
  /** Adds the signed QR text (issuers and printers only, never the gate). */
  withPayload: boolean;
  now?: Date;
  /** The bill's weights, when already known; otherwise weighed from the row's `parents` when it has them, or read. */
  weights?: Awaited<ReturnType<typeof weighBill>>;
}

/** A pass row as the API and pages show it, its bill weighed as it is now. */
export async function passDtoOf(conn: Db | Tx, row: PassRow, options: PassViewOptions): Promise<PassDto> {
  const weights = options.weights ?? (row.parents ? computeWeights(row.parents) : await weighBill(conn, row.billId));
  const now = options.now ?? new Date();
  return {
    code: row.code,
    billNumber: row.billNumber,
    status: passStatusOf(row, now),
    state: row.state,
    ...(options.withPayload ? { payload: signPassCode(row.code, currentPassSecret()) } : {}),
    driverName: row.driverName,
    driverPhone: row.driverPhone,
    coDriverName: row.coDriverName,
    coDriverPhone: row.coDriverPhone,
    vehicleNumber: row.vehicleNumber,
    notes: row.notes,
    validFrom: row.validFrom,
    validUntil: row.validUntil,
    issuedBy: row.issuedBy,
    createdAt: row.createdAt,
    printCount: row.printCount,
    usedAt: row.usedAt,
    usedBy: row.usedBy,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedBy,
    revokeReason: row.revokeReason,
    bill: {
      billNumber: row.billNumber,
      status: row.billStatus,
      customer: row.customer,
      linkedCount: row.linkedCount,
      capacity: row.capacity,
      childCount: weights.childCount,
      actualWeightKg: weights.actualKg,
      expectedWeightKg: weights.expectedKg,
    },
  };
}

/** Many rows (a list page, a CSV batch) as passDtoOf does one, their bills weighed in one query. */
export async function passDtosOf(conn: Db | Tx, rows: readonly PassRow[], options: Omit<PassViewOptions, "weights">): Promise<PassDto[]> {
  if (rows.length === 0) return [];
  const tallies = await tallyBills(conn, inArray(billBags.billId, [...new Set(rows.map((r) => r.billId))]));
  return Promise.all(rows.map((row) => passDtoOf(conn, row, { ...options, weights: weighTallies(tallies.get(row.billId) ?? []) })));
}

/** One pass by its code (exact; codes are uppercase), or null. */
export async function readPass(conn: Db | Tx, code: string, options: PassViewOptions): Promise<PassDto | null> {
  const row = await passRowBy(conn, { code });
  return row ? passDtoOf(conn, row, options) : null;
}

/** The secret that signs new payloads (the first of GATE_PASS_SECRET, GATE_PASS_SECRET_PREVIOUS). */
export function currentPassSecret(): string {
  const [secret] = getEnv().gatePassSecrets;
  if (!secret) throw new Error("No gate pass secret configured");
  return secret;
}
