/**
 * A push-to-pull bridge: the gateway pushes tokens as frames arrive; the caller pulls with
 * `for await`, each step handing over every value pushed since the last (in order, never empty).
 */
export type TokenStream<T> = AsyncIterable<readonly T[]> & {
  push(value: T): void;
  /** Pushes several values in order, waking the consumer once. */
  pushAll(values: readonly T[]): void;
  /** Ends the stream normally; buffered values are still delivered. */
  end(): void;
  /** Ends the stream with an error, thrown after the buffered values. */
  fail(error: unknown): void;
  readonly closed: boolean;
};

/**
 * An unbounded-by-design async queue: it never holds more than one task's `maxTokens` values,
 * which the protocol already bounds. The consumer takes what is buffered as one batch: a node's
 * frame of tokens costs the reader one step (one promise), not one per token (issue 12: the
 * per-token steps through each layer above this were most of the coordinator's relay CPU).
 *
 * @param onReturn - called once if the consumer stops early (`break` out of `for await`).
 * @returns the stream.
 * @example
 * const stream = createTokenStream<string>();
 * stream.pushAll(['a', 'b']);
 * stream.end();
 * for await (const batch of stream) console.log(batch); // ['a', 'b']
 */
export function createTokenStream<T>(onReturn: () => void = () => {}): TokenStream<T> {
  let buffer: T[] = [];
  let closed = false;
  let failure: { error: unknown } | undefined;
  let waiter:
    | { resolve: (r: IteratorResult<readonly T[]>) => void; reject: (e: unknown) => void }
    | undefined;
  let returned = false;

  /** Hands over everything buffered; the caller checked it is not empty. */
  const take = (): IteratorResult<readonly T[]> => {
    const batch = buffer;
    buffer = [];
    return { value: batch, done: false };
  };

  const wake = (): void => {
    if (!waiter) return;
    const w = waiter;
    if (buffer.length > 0) {
      waiter = undefined;
      w.resolve(take());
    } else if (failure) {
      waiter = undefined;
      w.reject(failure.error);
    } else if (closed) {
      waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
  };

  return {
    push(value) {
      if (closed) return;
      buffer.push(value);
      wake();
    },
    pushAll(values) {
      if (closed || values.length === 0) return;
      for (const value of values) buffer.push(value);
      wake();
    },
    end() {
      closed = true;
      wake();
    },
    fail(error) {
      if (closed) return;
      closed = true;
      failure = { error };
      wake();
    },
    get closed() {
      return closed;
    },
    [Symbol.asyncIterator]() {
      return {
        next() {
          if (buffer.length > 0) return Promise.resolve(take());
          if (failure) {
            const { error } = failure;
            failure = undefined;
            return Promise.reject(error);
          }
          if (closed) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve, reject) => {
            waiter = { resolve, reject };
          });
        },
        return() {
          if (!returned && !closed) {
            returned = true;
            onReturn();
          }
          closed = true;
          buffer = [];
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
