import { priceFeedAbi } from '@far/contracts';
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem';
import type { Logger } from '../observability/createLogger.js';
import type { PriceKeeperMetrics } from './createPriceKeeperMetrics.js';
import { decidePriceUpdate, type PriceDecision } from './decidePriceUpdate.js';
import { type PriceSource, readPriceSource } from './readPriceSource.js';

export type PriceKeeperOptions = {
  publicClient: PublicClient;
  /** Holds PRICE_KEEPER_ROLE on the feed (dev account #13 locally). */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** The AdminPriceFeed. */
  feed: Address;
  source: PriceSource;
  /** The price's dot path in the source's JSON. */
  field: string;
  /** Publish at least this often, even when the price did not move. */
  heartbeatSeconds: bigint;
  /** Publish when the price moved at least this much (basis points of the last answer). */
  deviationBps: bigint;
  /** How often the source is read. */
  pollMs: number;
  metrics: PriceKeeperMetrics;
  logger: Logger;
};

const FEED_LABEL = { feed: 'FAR/USD' } as const;

/**
 * The price keeper (issue 19 part 5): every `pollMs` it reads FAR/USD from the configured source and
 * the feed's last round and guards on chain, and publishes with the price keeper's key when
 * `decidePriceUpdate` says so (moved ≥ `deviationBps`, or `heartbeatSeconds` old; a price an operator
 * set meanwhile stands until the heartbeat). Refusals and
 * failures are logged and counted; the feed's age is exported for the stale-feed alert.
 *
 * @returns `runOnce()` (one round, for tests), `start()` and `stop()`.
 */
export function createPriceKeeper(options: PriceKeeperOptions) {
  const { publicClient, walletClient, feed, metrics, logger } = options;
  const read = <name extends 'minAnswer' | 'maxAnswer' | 'maxDeviationBps'>(functionName: name) =>
    publicClient.readContract({ address: feed, abi: priceFeedAbi, functionName });

  const readLastRound = async () => {
    const latestRound = await publicClient.readContract({
      address: feed,
      abi: priceFeedAbi,
      functionName: 'latestRound',
    });
    if (latestRound === 0n) return undefined;
    const [, answer, , updatedAt] = await publicClient.readContract({
      address: feed,
      abi: priceFeedAbi,
      functionName: 'getRoundData',
      args: [latestRound],
    });
    return { round: latestRound, answer, updatedAt };
  };
  // Rounds this keeper published, and the latest round when it first looked: a newer round it did not
  // publish was set by an operator, and stands until the heartbeat is due.
  const ownRounds = new Set<bigint>();
  let firstSeenRound: bigint | undefined;
  const report = (round: { answer: bigint; updatedAt: bigint }) => {
    metrics.priceFeedAnswer.set(FEED_LABEL, Number(round.answer) / 1e8);
    metrics.priceFeedUpdatedAt.set(FEED_LABEL, Number(round.updatedAt));
  };

  const runOnce = async (): Promise<PriceDecision | undefined> => {
    let observed: bigint;
    try {
      observed = await readPriceSource(options.source, options.field);
    } catch (error) {
      metrics.priceKeeperErrors.inc({ stage: 'source' });
      logger.warn({ err: error }, 'price source unreadable');
      return undefined;
    }
    try {
      const [last, minAnswer, maxAnswer, maxDeviationBps, block] = await Promise.all([
        readLastRound(),
        read('minAnswer'),
        read('maxAnswer'),
        read('maxDeviationBps'),
        publicClient.getBlock(),
      ]);
      if (last) report(last);
      firstSeenRound ??= last?.round ?? 0n;
      const manualHold = last !== undefined && last.round > firstSeenRound && !ownRounds.has(last.round);
      const decision = decidePriceUpdate({
        manualHold,
        observed,
        last,
        now: block.timestamp,
        heartbeatSeconds: options.heartbeatSeconds,
        deviationBps: options.deviationBps,
        guards: { minAnswer, maxAnswer, maxDeviationBps },
      });
      if (decision.action === 'refuse') {
        metrics.priceKeeperRefusals.inc({ reason: decision.reason });
        logger.warn(
          { observed: String(observed), last: String(last?.answer), reason: decision.reason },
          'price not published: the feed would refuse it',
        );
      }
      if (decision.action !== 'update') return decision;
      const hash = await walletClient.writeContract({
        address: feed,
        abi: priceFeedAbi,
        functionName: 'setPrice',
        args: [observed],
        chain: walletClient.chain,
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error(`setPrice reverted (${hash})`);
      metrics.priceKeeperUpdates.inc({ reason: decision.reason });
      const published = await readLastRound();
      if (published) {
        ownRounds.add(published.round);
        report(published);
      }
      logger.info({ answer: String(observed), reason: decision.reason, hash }, 'FAR/USD published');
      return decision;
    } catch (error) {
      metrics.priceKeeperErrors.inc({ stage: 'chain' });
      logger.warn({ err: error }, 'price keeper round failed on chain');
      return undefined;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  return {
    runOnce,
    start() {
      if (timer) return;
      const tick = () => {
        running = runOnce().finally(() => {
          if (timer) timer = setTimeout(tick, options.pollMs);
        });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      const pending = timer;
      timer = undefined;
      clearTimeout(pending);
      await running;
    },
  };
}
