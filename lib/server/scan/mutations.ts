import "server-only";

// The scan station's mutations, shared by its server actions and the JSON routes.
export type { ChildScanResult, ParentDto, RequestMeta, ScanActor, UndoResult } from "./types";
export { scanParent } from "./scan-parent";
export { scanChild } from "./scan-child";
export { undoLastScan, UNDO_WINDOW_MINUTES } from "./undo";
