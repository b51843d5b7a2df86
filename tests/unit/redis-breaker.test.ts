import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createRedisBreaker, RedisSkippedError } from "@/lib/server/redis-breaker";

afterEach(() => vi.useRealTimers());

const fail = () => Promise.reject(new Error("ECONNREFUSED"));
const never = () => new Promise<never>(() => undefined);

/** A stand-in for the ioredis client: a status and its events. */
function fakeClient(status: string) {
  return Object.assign(new EventEmitter(), { status });
}

describe("the shared Redis breaker", () => {
  it("after a failure skips Redis without calling it, then lets one probe through and recovers", async () => {
    vi.useFakeTimers();
    const failures: unknown[] = [];
    const breaker = createRedisBreaker({ timeoutMs: 50, skipMs: 5000, onFailure: (err) => failures.push(err) });
    const recovered = vi.fn();
    breaker.onRecover(recovered);

    await expect(breaker.run(fail)).rejects.toThrow("ECONNREFUSED");
    const call = vi.fn(() => Promise.resolve("OK"));
    await expect(breaker.run(call)).rejects.toBeInstanceOf(RedisSkippedError);
    expect(call).not.toHaveBeenCalled();
    expect(breaker.retryAfterMs()).toBeGreaterThan(4000);

    vi.advanceTimersByTime(5001);
    // One probe at a time: a second caller keeps skipping while it runs.
    let answer: (v: string) => void = () => undefined;
    const probe = breaker.run(() => new Promise<string>((resolve) => (answer = resolve)));
    await expect(breaker.run(call)).rejects.toBeInstanceOf(RedisSkippedError);
    answer("OK");
    await expect(probe).resolves.toBe("OK");
    expect(recovered).toHaveBeenCalledTimes(1);
    await expect(breaker.run(call)).resolves.toBe("OK");
    expect(breaker.retryAfterMs()).toBe(0);
    expect(failures).toHaveLength(1);
  });

  it("gives up on a call that never answers after timeoutMs, and skips the next", async () => {
    const breaker = createRedisBreaker({ timeoutMs: 30 });
    const started = performance.now();
    await expect(breaker.run(never)).rejects.toThrow("did not answer within 30 ms");
    expect(performance.now() - started).toBeLessThan(500);
    await expect(breaker.run(never)).rejects.toBeInstanceOf(RedisSkippedError);
  });

  it("with the client: fails at once while a once-ready connection is down, and probes as soon as it is ready again", async () => {
    const client = fakeClient("connecting");
    const breaker = createRedisBreaker({ timeoutMs: 1000, skipMs: 60_000, client });
    const call = vi.fn(() => Promise.resolve("OK"));
    // Never ready yet (start-up): the call goes to the client, which queues it until connected.
    await expect(breaker.run(call)).resolves.toBe("OK");
    client.status = "ready";
    client.emit("ready");
    client.status = "reconnecting";
    await expect(breaker.run(call)).rejects.toThrow("the connection is reconnecting");
    client.status = "connect";
    await expect(breaker.run(call)).rejects.toBeInstanceOf(RedisSkippedError);
    expect(call).toHaveBeenCalledTimes(1);
    client.status = "ready";
    client.emit("ready");
    await expect(breaker.run(call)).resolves.toBe("OK");
    expect(call).toHaveBeenCalledTimes(2);
  });
});
