import { chainCursors, type Db } from '@far/db';
import { and, eq, isNull, sql } from 'drizzle-orm';

/** A chain_cursors row as the indexer reads it; `stored: false` before the first sync writes one. */
export type ChainCursor = {
  /** Last block applied. */
  blockNumber: bigint;
  /** Its hash, to tell whether the chain still has the history indexed. */
  blockHash: string | null;
  /** The deployment block's hash in the history the cursor follows. */
  deployBlockHash: string | null;
  /** Scope of the ledger idempotency keys (see chainIdempotencyKey); null for pre-0004 cursors. */
  idempotencyScope: string | null;
  stored: boolean;
};

/** The deployment block as the chain has it now. */
export type DeployBlock = { hash: string; parentHash: string };

export type ChainCursorStore = {
  /** The cursor, or one before the deployment block (not stored) when there is none yet. */
  read(): Promise<ChainCursor>;
  /** Writes the first cursor, just before the deployment block, in this chain's history and key scope. */
  start(deployBlock: DeployBlock): Promise<ChainCursor>;
  /**
   * Moves the cursor back before the deployment block, keeping the key scope when the deployment
   * block is the one indexed (`sameHistory`) and taking a new one when it is not. Only if the cursor
   * is still at `cursor.blockNumber`: another replica that rewound (and moved on) first stands.
   */
  rewind(
    cursor: ChainCursor,
    deployBlock: DeployBlock,
  ): Promise<{ cursor: ChainCursor; sameHistory: boolean }>;
  /** Records the deployment block's hash on a cursor written before it was kept. */
  adoptLegacy(cursor: ChainCursor, deployBlock: () => Promise<DeployBlock>): Promise<ChainCursor>;
  /** In `tx`: locks the cursor row and says whether it is still `cursor` (else another replica moved it). */
  lockIfUnchanged(tx: Db, cursor: ChainCursor): Promise<boolean>;
  /** In `tx`: moves the cursor to a block whose events were applied in the same transaction. */
  advance(tx: Db, blockNumber: bigint, blockHash: string): Promise<void>;
};

/**
 * The indexer's persisted position (`chain_cursors`): which block it applied last, in which history
 * of the chain, under which idempotency scope.
 *
 * @param options - the database, the row's name, and the block before the deployment block.
 * @returns the store.
 * @example
 * const cursors = createChainCursorStore({ db, name: 'indexer:31337:0xabc…', startBlock: 41n });
 * const cursor = await cursors.read();
 */
export function createChainCursorStore(options: {
  db: Db;
  name: string;
  startBlock: bigint;
}): ChainCursorStore {
  const { db, name, startBlock } = options;
  const read = async (): Promise<ChainCursor> => {
    const [row] = await db
      .select({
        blockNumber: chainCursors.blockNumber,
        blockHash: chainCursors.blockHash,
        deployBlockHash: chainCursors.deployBlockHash,
        idempotencyScope: chainCursors.idempotencyScope,
      })
      .from(chainCursors)
      .where(eq(chainCursors.name, name));
    return row === undefined
      ? {
          blockNumber: startBlock,
          blockHash: null,
          deployBlockHash: null,
          idempotencyScope: null,
          stored: false,
        }
      : { ...row, stored: true };
  };
  return {
    read,
    async start(deployBlock) {
      await db
        .insert(chainCursors)
        .values({
          name,
          blockNumber: startBlock,
          blockHash: deployBlock.parentHash,
          deployBlockHash: deployBlock.hash,
          idempotencyScope: deployBlock.hash,
        })
        .onConflictDoNothing({ target: chainCursors.name });
      return read();
    },
    async rewind(cursor, deployBlock) {
      const sameHistory = cursor.deployBlockHash === deployBlock.hash;
      await db
        .update(chainCursors)
        .set({
          blockNumber: startBlock,
          blockHash: deployBlock.parentHash,
          deployBlockHash: deployBlock.hash,
          idempotencyScope: sameHistory ? cursor.idempotencyScope : deployBlock.hash,
          updatedAt: sql`now()`,
        })
        .where(and(eq(chainCursors.name, name), eq(chainCursors.blockNumber, cursor.blockNumber)));
      return { cursor: await read(), sameHistory };
    },
    async adoptLegacy(cursor, deployBlock) {
      if (!cursor.stored || cursor.deployBlockHash !== null) return cursor;
      await db
        .update(chainCursors)
        .set({ deployBlockHash: (await deployBlock()).hash })
        .where(and(eq(chainCursors.name, name), isNull(chainCursors.deployBlockHash)));
      return read();
    },
    async lockIfUnchanged(tx, cursor) {
      // The row lock serialises replicas: whoever comes second sees the cursor moved and skips.
      const [locked] = await tx
        .select({
          blockNumber: chainCursors.blockNumber,
          blockHash: chainCursors.blockHash,
          idempotencyScope: chainCursors.idempotencyScope,
        })
        .from(chainCursors)
        .where(eq(chainCursors.name, name))
        .for('update');
      return (
        locked !== undefined &&
        locked.blockNumber === cursor.blockNumber &&
        locked.blockHash === cursor.blockHash &&
        locked.idempotencyScope === cursor.idempotencyScope
      );
    },
    async advance(tx, blockNumber, blockHash) {
      await tx
        .update(chainCursors)
        .set({ blockNumber, blockHash, updatedAt: sql`now()` })
        .where(eq(chainCursors.name, name));
    },
  };
}
