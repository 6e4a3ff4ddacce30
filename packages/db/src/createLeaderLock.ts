import postgres from 'postgres';

/** A held or awaited leadership; `close()` gives it up (the session ends, the lock with it). */
export type LeaderLock = {
  /** Resolves once this process leads. */
  readonly elected: Promise<void>;
  /** Resolves if leadership is lost after it was won (the lock's connection broke). */
  readonly lost: Promise<Error>;
  isLeader(): boolean;
  close(): Promise<void>;
};

export type CreateLeaderLockOptions = {
  /** The Postgres the workers share. */
  databaseUrl: string;
  /** Names the role that has one leader; any fixed 64-bit integer, the same in every worker. */
  lockId: bigint;
  /** How often a standby asks for the lock and a leader checks its connection. Default 2 s. */
  pollMs?: number;
};

/**
 * Leader election over a PostgreSQL session-level advisory lock: every worker asks for the same
 * lock on a connection of its own; one gets it and leads, the others are hot standbys that ask
 * again every `pollMs`. When the leader dies, Postgres ends its session and frees the lock, and a
 * standby takes over within a poll. A leader whose connection breaks cannot know whether a
 * standby already leads, so it reports `lost` and must stop leading at once (the worker exits).
 *
 * @returns the lock: `elected`, `lost`, `isLeader()`, `close()`.
 * @example
 * const lock = createLeaderLock({ databaseUrl, lockId: WORKER_LOCK_ID });
 * await lock.elected; startWork();
 * lock.lost.then(() => process.exit(1));
 */
export function createLeaderLock(options: CreateLeaderLockOptions): LeaderLock {
  const pollMs = options.pollMs ?? 2_000;
  // One connection, never recycled: the lock lives exactly as long as this session.
  const sql = postgres(options.databaseUrl, {
    max: 1,
    idle_timeout: 0,
    max_lifetime: null,
    onnotice: () => {},
  });
  let leader = false;
  let leaderSession: number | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveElected: () => void = () => {};
  let resolveLost: (error: Error) => void = () => {};
  const elected = new Promise<void>((resolve) => {
    resolveElected = resolve;
  });
  const lost = new Promise<Error>((resolve) => {
    resolveLost = resolve;
  });

  const poll = async () => {
    if (closed) return;
    try {
      if (leader) {
        // postgres-js reconnects on its own: a new backend is a new session, and the lock died
        // with the old one, so the session is compared, not just reached.
        const [row] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
        if (row?.pid !== leaderSession) throw new Error('the leader lock’s database session ended');
      } else {
        const [row] = await sql<
          { locked: boolean; pid: number }[]
        >`select pg_try_advisory_lock(${options.lockId.toString()}::bigint) as locked, pg_backend_pid() as pid`;
        if (row?.locked) {
          leader = true;
          leaderSession = row.pid;
          resolveElected();
        }
      }
    } catch (error) {
      if (leader && !closed) {
        leader = false;
        resolveLost(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      // A standby that cannot reach the database simply asks again.
    }
    if (!closed) timer = setTimeout(poll, pollMs);
  };
  void poll();

  return {
    elected,
    lost,
    isLeader: () => leader,
    async close() {
      closed = true;
      clearTimeout(timer);
      leader = false;
      await sql.end({ timeout: 5 });
    },
  };
}
