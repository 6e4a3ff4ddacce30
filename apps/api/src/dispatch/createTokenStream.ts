/** A push-to-pull bridge: the gateway pushes tokens as frames arrive; the caller pulls with `for await`. */
export type TokenStream<T> = AsyncIterable<T> & {
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
 * which the protocol already bounds.
 *
 * @param onReturn - called once if the consumer stops early (`break` out of `for await`).
 * @returns the stream.
 */
export function createTokenStream<T>(onReturn: () => void = () => {}): TokenStream<T> {
  const buffer: T[] = [];
  let closed = false;
  let failure: { error: unknown } | undefined;
  let waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  let returned = false;

  const wake = (): void => {
    if (!waiter) return;
    const w = waiter;
    if (buffer.length > 0) {
      waiter = undefined;
      w.resolve({ value: buffer.shift() as T, done: false });
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
      if (closed) return;
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
          if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
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
          buffer.length = 0;
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
