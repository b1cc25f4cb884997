/** Polls `read` until `done(value)`; throws with the last value after `timeoutMs`. Then waits `settleMs` and reads once more, so late extras show. */
export async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000, settleMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value, null, 1).slice(0, 2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return read();
}
