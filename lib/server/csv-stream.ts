import "server-only";

/**
 * CSV lines from an async generator as a byte stream for a Response: the next batch is pulled
 * only when the client reads (flat memory), and a client that goes away stops the generator.
 */
export function csvByteStream(lines: AsyncGenerator<string, void, unknown>, label: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (err) {
        console.error(`[${label}] export failed part-way`, err);
        controller.error(err);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}
