import "server-only";
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

/** The part of @upstash/redis that @upstash/ratelimit's single-region algorithms call. */
export interface ScriptClient {
  eval(script: string, keys: string[], args: unknown[]): Promise<unknown>;
  evalsha(sha: string, keys: string[], args: unknown[]): Promise<unknown>;
  scriptLoad(script: string): Promise<string>;
}

// Upstash's scripts start with `#!lua flags=allow-key-locking`, which Redis 7.0 rejects
// ("Unexpected flag in script shebang"); the scripts need no flags, so the line goes.
export function stripShebang(script: string): string {
  return script.startsWith("#!") ? script.slice(script.indexOf("\n") + 1) : script;
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

function toRedisArg(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function isNoScript(err: unknown): boolean {
  return String(err).includes("NOSCRIPT");
}

/**
 * Lets @upstash/ratelimit run over the app's ioredis connection. Ratelimit addresses a script
 * by the SHA-1 of its original text; Redis caches it under the SHA-1 of the stripped text, so
 * the adapter remembers which is which after the first EVAL.
 */
export function createScriptClient(redis: Redis): ScriptClient {
  const known = new Map<string, { script: string; sha: string }>();

  function remember(original: string) {
    const script = stripShebang(original);
    const entry = { script, sha: sha1(script) };
    known.set(sha1(original), entry);
    return entry;
  }

  return {
    async eval(original, keys, args) {
      const { script } = remember(original);
      return redis.eval(script, keys.length, ...keys, ...args.map(toRedisArg));
    },
    async evalsha(originalSha, keys, args) {
      const entry = known.get(originalSha);
      // Ratelimit answers NOSCRIPT by calling eval() with the full text, which we then learn.
      if (!entry) throw new Error("NOSCRIPT script not loaded through this adapter yet");
      const argv = args.map(toRedisArg);
      try {
        return await redis.evalsha(entry.sha, keys.length, ...keys, ...argv);
      } catch (err) {
        if (!isNoScript(err)) throw err;
        return redis.eval(entry.script, keys.length, ...keys, ...argv);
      }
    },
    async scriptLoad(original) {
      const entry = remember(original);
      await redis.script("LOAD", entry.script);
      return sha1(original);
    },
  };
}
