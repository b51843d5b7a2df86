/** One audit log row as the admin viewer shows it. */
export interface AuditRow {
  id: number;
  createdAt: Date;
  userId: string | null;
  actor: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  before: unknown;
  after: unknown;
  details: unknown;
  critical: boolean;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `after` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}
