import { inferencePaymentAbi, splitRevenue } from '@far/contracts';
import { createTestDb, gpuNodes, type testDrivers } from '@far/db';
import { type Address, type PublicClient, parseEther } from 'viem';
import { upsertUser } from '../../src/auth/upsertUser.js';
import { createChainIndexer } from '../../src/indexer/createChainIndexer.js';
import { reserve } from '../../src/ledger/reserve.js';
import { settleReservation } from '../../src/ledger/settleReservation.js';
import { createLogger, type Logger } from '../../src/observability/createLogger.js';
import { createSettlementBatcher } from '../../src/settlement/createSettlementBatcher.js';
import { storeSpendingAuthorization } from '../../src/spendingAuthorization/storeSpendingAuthorization.js';
import { submitSpendingAuthorization } from '../../src/spendingAuthorization/submitSpendingAuthorization.js';
import { createChainTestbed } from './createChainTestbed.js';

const logger = createLogger('silent');
const ONE_YEAR = 365n * 24n * 3600n;

/** A GPU node row in the ledger's database, with the dev account that owns it on chain. */
export type SettlementTestNode = { id: string; nodeId: string; owner: Address };

/**
 * The settlement path over a real chain, for the batcher's and indexer's integration tests: a test
 * database on `driver`, a fresh deployment (everything {@link createChainTestbed} returns), a
 * serving node owned by dev user 9, and the steps every such test repeats — onboard a user
 * (deposit, index, store a signed authorization), charge a served request, run the indexer and the
 * settlement batcher against this deployment.
 *
 * @param driver - the database driver, one of `testDrivers()`.
 * @returns the chain testbed's fields plus `db`, `node`, `at`, `read`, `indexer()`, `batcher()`,
 *   `addNode`, `onboard`, `charge` and `close()`.
 * @example
 * const bed = await createSettlementTestbed('pglite');
 * const alice = await bed.onboard(bed.at(0), { deposit: parseEther('10'), cap: parseEther('5') });
 * await bed.charge(alice, parseEther('1'));
 * expect((await bed.batcher().settleOnce()).status).toBe('settled');
 */
export async function createSettlementTestbed(driver: ReturnType<typeof testDrivers>[number]) {
  const testDb = await createTestDb({ driver });
  const chain = await createChainTestbed();
  const { db } = testDb;
  const { publicClient, deployments } = chain;
  let keys = 0;

  /** Dev user `index` (0-9), who holds FAR to deposit. */
  const at = (index: number): Address => {
    const address = chain.users[index];
    if (address === undefined) throw new Error(`no dev user ${index}`);
    return address;
  };
  /** InferencePayment's address and ABI, to spread into a read or a write. */
  const payment = { address: deployments.contracts.inferencePayment, abi: inferencePaymentAbi } as const;
  /** Reads InferencePayment's `functionName`. */
  const read = <T>(functionName: string, args: unknown[] = []) =>
    publicClient.readContract({ ...payment, functionName, args } as never) as Promise<T>;

  /** Registers a GPU node owned by `owner` (and the owner as a user). */
  const addNode = async (nodeId: string, owner: Address): Promise<SettlementTestNode> => {
    await upsertUser(db, owner);
    const [row] = await db.insert(gpuNodes).values({ nodeId, ownerAddress: owner.toLowerCase() }).returning();
    if (row === undefined) throw new Error('no node row');
    return { id: row.id, nodeId, owner };
  };
  const node = await addNode('serving-node', at(9));

  return {
    ...chain,
    db,
    /** The node `charge` pays unless told otherwise, owned by dev user 9. */
    node,
    at,
    payment,
    read,
    addNode,
    /** A new indexer over this deployment, as a restarted API would build it (silent unless given a logger). */
    indexer: (options: { logger?: Logger } = {}) =>
      createChainIndexer({ db, publicClient, deployments, logger: options.logger ?? logger }),
    /** A new settlement batcher signing as the coordinator (`publicClient` to put a proxy in front of the chain). */
    batcher: (options: { publicClient?: PublicClient; periodMs?: number } = {}) =>
      createSettlementBatcher({
        db,
        publicClient: options.publicClient ?? publicClient,
        walletClient: chain.coordinatorWallet,
        deployments,
        logger,
        ...(options.periodMs === undefined ? {} : { periodMs: options.periodMs }),
      }),
    /**
     * Deposits `deposit` on chain, indexes it, and stores a spending authorization for `cap` valid
     * for `validFor` seconds (nonce 1); with `submit`, puts it on chain first, as an API holding the
     * coordinator's key does. Returns the user's id.
     */
    async onboard(
      user: Address,
      options: { deposit?: bigint; cap?: bigint; validFor?: bigint; submit?: boolean } = {},
    ): Promise<string> {
      const { deposit = parseEther('100'), cap = parseEther('100'), validFor = ONE_YEAR } = options;
      await chain.deposit(user, deposit);
      await createChainIndexer({ db, publicClient, deployments, logger }).syncOnce();
      const row = await upsertUser(db, user);
      const expiry = (await chain.chain.latestTimestamp()) + validFor;
      const clients = { publicClient, walletClient: chain.coordinatorWallet };
      await storeSpendingAuthorization(
        db,
        publicClient,
        deployments,
        {
          userId: row.id,
          walletAddress: user,
          cap,
          expiry,
          nonce: 1n,
          signature: await chain.signAuthorization(user, cap, expiry, 1n),
        },
        options.submit
          ? { submit: (signed) => submitSpendingAuthorization(clients, deployments, signed) }
          : {},
      );
      return row.id;
    },
    /**
     * What the coordinator does for a served request: reserves `actual` plus `headroom`, then
     * settles at `actual`, split at `score` with `nodeId` (the serving node by default). Returns
     * the charge's ledger transaction id.
     */
    async charge(
      userId: string,
      actual: bigint,
      options: { score?: number; headroom?: bigint; nodeId?: string } = {},
    ): Promise<string> {
      const { score = 80, headroom = 0n, nodeId = node.id } = options;
      keys += 1;
      const { reservationId } = await reserve(db, {
        userId,
        amount: actual + headroom,
        idempotencyKey: `settlement-testbed:${keys}:reserve`,
      });
      const settled = await settleReservation(db, {
        reservationId,
        actual,
        split: { nodeId, ...splitRevenue(actual, score) },
        idempotencyKey: `settlement-testbed:${keys}:settle`,
      });
      return settled.transactionId;
    },
    close: () => testDb.close(),
  };
}

/** What {@link createSettlementTestbed} returns. */
export type SettlementTestbed = Awaited<ReturnType<typeof createSettlementTestbed>>;
