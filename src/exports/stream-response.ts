import type { Writable } from 'node:stream';

/**
 * Writes chunks to the response (any writable stream: an HTTP response, a file) as they come, waiting for the socket to drain when its buffer is full, so
 * a national export holds one page in memory, not the whole file. When the client goes away, reading
 * stops. A failure once the first bytes are out cannot become an HTTP error any more: the connection is
 * cut, so the file is visibly incomplete rather than silently short.
 */
export async function streamTo(response: Writable, chunks: AsyncIterable<string>): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) break;
      if (response.destroyed) return;
      if (!response.write(value) && !(await drained(response))) return;
    }
    response.end();
  } catch (error) {
    response.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    await iterator.return?.(undefined);
  }
}

/** True once the buffer has drained; false when the connection closed first. */
function drained(response: Writable): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (value: boolean) => () => {
      response.off('drain', onDrain);
      response.off('close', onClose);
      resolve(value);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    response.on('drain', onDrain);
    response.on('close', onClose);
  });
}
