import type postgres from 'postgres';

type Sql = postgres.Sql;
type UnsafeQueryOptions = postgres.UnsafeQueryOptions;

/**
 * A postgres.js client on which every query Drizzle sends is a prepared statement, also in the
 * transactions and savepoints it opens.
 *
 * Drizzle asks postgres.js to prepare only the queries it was given a name for (`.prepare(name)`),
 * and none of the ones it runs through `execute()` or a query builder's `await`: those are parsed
 * and planned by the server afresh every time. Drizzle never puts a value in the text (every value
 * is a `$n` parameter), so a statement's text is one of a bounded set of shapes, and postgres.js
 * keeps at most 1,000 prepared per connection (the least recently used are closed), so preparing
 * them all is what postgres.js does by default for its own tagged queries.
 *
 * @param client - the pool, a transaction or a savepoint.
 * @returns the same client; `unsafe` prepares, and `begin` / `savepoint` hand their callback a
 *   client that does too.
 * @example
 * const db = drizzle(preparingClient(postgres(url)));
 */
export function preparingClient<C extends Sql>(client: C): C {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        // unsafe(query, parameters?, options?) or unsafe(query, options).
        return (query: string, second?: unknown, third?: UnsafeQueryOptions) =>
          Array.isArray(second) || second === undefined
            ? target.unsafe(query, second as never[] | undefined, { ...third, prepare: true })
            : target.unsafe(query, { ...(second as UnsafeQueryOptions), prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const callback = args.at(-1) as (inner: Sql) => unknown;
          return open.apply(target, [...args.slice(0, -1), (inner: Sql) => callback(preparingClient(inner))]);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
