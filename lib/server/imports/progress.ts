import "server-only";
import type { ImportJob, ImportPhase } from "@/lib/dto/imports";
import type { ImportKind } from "@/lib/schemas/imports";
import { getStatsStore } from "../stats/store";

// An import job's progress, kept as a small note in the stats store (Redis when configured, so
// any instance can answer the page's poll; memory otherwise) for ten minutes.

const JOB_TTL_S = 600;
const jobKey = (id: string) => `import:job:${id}`;

interface StoredJob extends ImportJob {
  owner: string;
}

/** Writes progress at most every `everyMs` (and always on a phase change); a lost note is only a stale bar. */
export class ImportProgress {
  private lastAt = 0;
  private lastPhase: ImportPhase | null = null;

  constructor(
    private readonly job: { id: string; owner: string; kind: ImportKind; dryRun: boolean } | null,
    private readonly everyMs = 250,
  ) {}

  async report(phase: ImportPhase, processed: number, total: number | null): Promise<void> {
    if (!this.job) return;
    const now = Date.now();
    if (phase === this.lastPhase && now - this.lastAt < this.everyMs) return;
    this.lastAt = now;
    this.lastPhase = phase;
    const note: StoredJob = { id: this.job.id, owner: this.job.owner, kind: this.job.kind, dryRun: this.job.dryRun, phase, processed, total };
    try {
      await getStatsStore().setNote(jobKey(this.job.id), JSON.stringify(note), JOB_TTL_S);
    } catch (err) {
      console.warn("[imports] could not record progress", err instanceof Error ? err.message : err);
    }
  }
}

/** The job `id` if `owner` started it (an admin sees only their own jobs); null otherwise. */
export async function readImportJob(id: string, owner: string): Promise<ImportJob | null> {
  let raw: string | null;
  try {
    raw = await getStatsStore().getNote(jobKey(id));
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const { owner: startedBy, ...job } = JSON.parse(raw) as StoredJob;
    return startedBy === owner ? job : null;
  } catch {
    return null;
  }
}
