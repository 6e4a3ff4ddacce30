/** What a streamed response's writer says about its writes (see `InferenceRun.trackDelivery`). */
export type TokenDelivery = { written(): number; flush(): Promise<void> };

/** The longest a settlement waits for the client's socket to take the last tokens (a stalled reader). */
const DELIVERY_FLUSH_WAIT_MS = 30_000;

/**
 * Resolves once the writer's queue is flushed, it fails (a client gone), or
 * {@link DELIVERY_FLUSH_WAIT_MS} runs out; at once without a writer.
 *
 * @param delivery - the response writer's view of its writes, if the caller gave one.
 * @example
 * await waitForDelivery(delivery); // then settle what delivery.written() says reached the client
 */
export async function waitForDelivery(delivery: TokenDelivery | undefined): Promise<void> {
  if (!delivery) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    delivery.flush().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DELIVERY_FLUSH_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
}
