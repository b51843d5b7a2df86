import type { Role } from "./domain";

/** Every action a guard or a piece of UI may ask about. */
export const ACTIONS = [
  "dashboard:view",
  "scan:pack",
  "scan:undo_own",
  "scan:undo_any",
  "bags:view_own_area",
  "bags:view_all_areas",
  "bills:view",
  "bills:manage",
  "bills:delete",
  "users:manage",
  "audit:view",
  "sessions:manage",
  "health:view",
  "data:import_export",
  "settings:manage",
  "promotion:request",
  "promotion:decide",
] as const;
export type Action = (typeof ACTIONS)[number];

const DISPATCHER: readonly Action[] = [
  "dashboard:view",
  "scan:pack",
  "scan:undo_own",
  "bags:view_own_area",
  "promotion:request",
];
const BILLER: readonly Action[] = [
  ...DISPATCHER,
  "bags:view_all_areas",
  "bills:view",
  "bills:manage",
];
const ADMIN: readonly Action[] = ACTIONS.filter((a) => a !== "promotion:request");

const MATRIX: Record<Role, ReadonlySet<Action>> = {
  dispatcher: new Set(DISPATCHER),
  biller: new Set(BILLER),
  admin: new Set(ADMIN),
};

/** The one permission matrix; guards and navigation both ask it. */
export function can(role: Role, action: Action): boolean {
  return MATRIX[role].has(action);
}
