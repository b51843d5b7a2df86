import "server-only";
import { rm } from "node:fs/promises";
import path from "node:path";
import type { BackupEntry, BackupKind } from "@/lib/dto/backups";
import { newestFirst, updateManifest } from "./manifest";

/** How many scheduled backups of each kind to keep; manual backups are never pruned. */
export interface Retention {
  hourly: number;
  daily: number;
}

/** The entries past the newest `keep` of each scheduled kind (pure: what pruneBackups deletes). */
export function entriesToPrune(entries: readonly BackupEntry[], retention: Retention): BackupEntry[] {
  const pruned: BackupEntry[] = [];
  for (const kind of ["hourly", "daily"] as const satisfies readonly BackupKind[]) {
    pruned.push(...newestFirst(entries.filter((e) => e.kind === kind)).slice(retention[kind]));
  }
  return pruned;
}

/** Deletes the files and manifest entries past the retention; returns the names removed. */
export async function pruneBackups(dir: string, retention: Retention): Promise<string[]> {
  return updateManifest(dir, async (manifest) => {
    const pruned = entriesToPrune(manifest.entries, retention);
    const names = new Set(pruned.map((e) => e.file));
    for (const name of names) await rm(path.join(dir, name), { force: true });
    manifest.entries = manifest.entries.filter((e) => !names.has(e.file));
    return [...names];
  });
}
