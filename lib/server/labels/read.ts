import "server-only";
import { desc, eq, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { labelReservations, users } from "@/db/schema";
import type { LabelReservationDto, LabelReservationList } from "@/lib/dto/labels";
import { labelRange } from "@/lib/labels";
import { can } from "@/lib/permissions";
import { ForbiddenError, NotFoundError } from "../errors";
import type { ServiceContext } from "../service";

/** How many reservations the list shows (GET /api/labels, the /labels page). */
export const RECENT_RESERVATIONS = 50;

export function assertMayReserveLabels(ctx: ServiceContext): void {
  if (!can(ctx.actor.role, "labels:reserve")) throw new ForbiddenError("Only billers and admins can reserve and print labels.").say({}, "labels_forbidden");
}

export function reservationNotFound(id: string | number): NotFoundError {
  const shown = String(id).slice(0, 20);
  return new NotFoundError(`No label reservation ${shown}.`, "reservation_not_found").say({ id: shown }, "labels_reservation_not_found");
}

const columns = {
  id: labelReservations.id,
  kind: labelReservations.kind,
  firstNumber: labelReservations.firstNumber,
  count: labelReservations.count,
  createdAt: labelReservations.createdAt,
  reservedBy: users.username,
  note: labelReservations.note,
};

function selectReservations(conn: Db | Tx, where: SQL | undefined) {
  return conn.select(columns).from(labelReservations).leftJoin(users, eq(users.id, labelReservations.reservedBy)).where(where);
}

type ReservationRow = Awaited<ReturnType<typeof selectReservations>>[number];

export function reservationDtoOf(row: ReservationRow): LabelReservationDto {
  const { first, last } = labelRange(row.kind, row.firstNumber, row.count);
  return {
    id: row.id,
    kind: row.kind,
    first,
    last,
    count: row.count,
    firstNumber: row.firstNumber,
    createdAt: row.createdAt,
    reservedBy: row.reservedBy,
    note: row.note,
  };
}

/** GET /api/labels: the latest reservations, newest first (label_reservations_created_idx). */
export async function listReservations(ctx: ServiceContext): Promise<LabelReservationList> {
  assertMayReserveLabels(ctx);
  const rows = await selectReservations(ctx.db, undefined)
    .orderBy(desc(labelReservations.createdAt), desc(labelReservations.id))
    .limit(RECENT_RESERVATIONS);
  return { reservations: rows.map(reservationDtoOf) };
}

/** One reservation by id, or 404 reservation_not_found. */
export async function readReservation(conn: Db | Tx, id: number): Promise<LabelReservationDto> {
  const [row] = await selectReservations(conn, eq(labelReservations.id, id)).limit(1);
  if (!row) throw reservationNotFound(id);
  return reservationDtoOf(row);
}
