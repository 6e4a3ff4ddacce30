import net from 'node:net';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelinedBeginClient } from './pipelinedBeginClient.js';
import { preparingClient } from './preparingClient.js';
import { TransactionRolledBackError } from './TransactionRolledBackError.js';

const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)('pipelinedBeginClient on PostgreSQL', () => {
  /** What the clients wrote to the server, one entry per socket write. */
  const writes: string[] = [];
  /** Set to have the next BEGIN reach the server misspelt, so that it fails. */
  let breakNextBegin = false;
  const clients: postgres.Sql[] = [];
  let db: ReturnType<typeof drizzle>;
  const probe = sql.identifier(`pipelined_begin_probe_${process.pid}`);

  /** A pipelining client of one connection whose socket writes are recorded (and can be broken). */
  const connect = () => {
    const client = postgres(databaseUrl as string, {
      max: 1,
      onnotice: () => {},
      socket: (_options, host, port) => {
        const socket = net.connect({ host, port });
        const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
        socket.write = ((chunk: unknown, ...rest: unknown[]) => {
          let text = Buffer.from(chunk as Uint8Array).toString('latin1');
          if (breakNextBegin && text.includes('begin')) {
            breakNextBegin = false;
            text = text.replace('begin', 'bxgin');
          }
          writes.push(text);
          return write(Buffer.from(text, 'latin1'), ...rest);
        }) as typeof socket.write;
        return socket as unknown as postgres.SocketLike;
      },
    });
    clients.push(client);
    return drizzle(preparingClient(pipelinedBeginClient(client)));
  };

  beforeAll(async () => {
    db = connect();
    await db.execute(sql`create table if not exists ${probe} (n int primary key)`);
  });
  afterAll(async () => {
    await db?.execute(sql`drop table if exists ${probe}`);
    await Promise.all(clients.map((client) => client.end()));
  });

  const probeRows = async () =>
    ((await db.execute(sql`select n from ${probe} order by n`)) as unknown as Array<{ n: number }>).map(
      (row) => row.n,
    );

  it('sends BEGIN in the same write as the first statement, and commits', async () => {
    writes.length = 0;
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into ${probe} values (${1})`);
    });
    const begin = writes.findIndex((write) => /begin/i.test(write));
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(writes[begin]).toContain(`insert into "pipelined_begin_probe_${process.pid}"`);
    expect(await probeRows()).toContain(1);
  });

  const backendPid = async () =>
    ((await db.execute(sql`select pg_backend_pid() as pid`)) as unknown as [{ pid: number }])[0].pid;

  it('rolls back everything when the callback throws, and the connection serves the next one', async () => {
    const pidBefore = await backendPid();
    const error = await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into ${probe} values (${2})`);
        throw new Error('refused');
      })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe('refused');
    expect(await probeRows()).not.toContain(2);
    // Rolled back and kept: a connection released inside a transaction would have been closed.
    expect(await backendPid()).toBe(pidBefore);
  });

  it('rolls a failed savepoint back on its own, and keeps the rest', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into ${probe} values (${3})`);
      await tx
        .transaction(async (inner) => {
          await inner.execute(sql`insert into ${probe} values (${4})`);
          await inner.execute(sql`select 1 / 0`);
        })
        .catch(() => {});
      await tx.execute(sql`insert into ${probe} values (${5})`);
    });
    const rows = await probeRows();
    expect(rows).toEqual(expect.arrayContaining([3, 5]));
    expect(rows).not.toContain(4);
  });

  it('throws TransactionRolledBackError when a statement failed unawaited and the COMMIT rolled back', async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into ${probe} values (${6})`);
        tx.execute(sql`select 1 / 0`).catch(() => {});
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionRolledBackError);
    expect((error as TransactionRolledBackError).code).toBe('TRANSACTION_ROLLED_BACK');
    expect(await probeRows()).not.toContain(6);
  });

  // Sent unanswered, a failed BEGIN must not leave its first statement to run on its own, outside
  // any transaction (as a plain pipelined BEGIN would): the batch's one Sync makes the server skip it.
  it('runs nothing of the transaction when its BEGIN fails', async () => {
    const fresh = connect(); // its first BEGIN is parsed, so the text is on the wire
    breakNextBegin = true;
    const error = await fresh
      .transaction(async (tx) => {
        await tx.execute(sql`insert into ${probe} values (${7})`);
      })
      .catch((e: unknown) => e);
    expect(breakNextBegin).toBe(false);
    expect(error).toBeInstanceOf(Error);
    expect(await probeRows()).not.toContain(7);
    await fresh.transaction((tx) => tx.execute(sql`insert into ${probe} values (${8})`));
    expect(await probeRows()).toContain(8);
  });
});
