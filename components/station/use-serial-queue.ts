import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Runs jobs one at a time in the order they were queued, so a scan typed while a request is in
 * flight is neither lost nor overtaken. `waiting` counts the running job and those behind it.
 * `run` must not throw (each station turns failures into feedback itself).
 */
export function useSerialQueue<Job>(run: (job: Job) => Promise<void>) {
  const [waiting, setWaiting] = useState(0);
  const queueRef = useRef<Job[]>([]);
  const busyRef = useRef(false);
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  }, [run]);

  const drain = useCallback(async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    try {
      for (let job = queueRef.current.shift(); job !== undefined; job = queueRef.current.shift()) {
        setWaiting(queueRef.current.length + 1);
        await runRef.current(job);
      }
    } finally {
      busyRef.current = false;
      setWaiting(0);
    }
  }, []);

  const enqueue = useCallback(
    (job: Job) => {
      queueRef.current.push(job);
      setWaiting((n) => Math.max(n, queueRef.current.length));
      void drain();
    },
    [drain],
  );

  return { enqueue, waiting };
}
