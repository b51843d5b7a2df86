/** GET /api/health: public (load balancers), component status only. */
export interface Health {
  status: "ok" | "degraded" | "down";
  db: { ok: boolean; latencyMs: number | null };
  redis: { ok: boolean } | "disabled";
  version: string;
  uptimeS: number;
}

export type Light = "green" | "amber" | "red";

export interface HealthComponent {
  status: Light;
  summary: string;
  /** The rule the light follows, shown on the page beside it. */
  thresholds: string;
  details: Record<string, string | number | boolean | null>;
}

/** GET /api/system_health (admins): every component graded by the thresholds it names. */
export interface SystemHealth extends Health {
  overall: Light;
  generatedAt: string;
  components: Record<
    "database" | "pool" | "redis" | "cache" | "memory" | "eventLoop" | "errors" | "statistics" | "sessions" | "backups" | "gateScans",
    HealthComponent
  >;
}
