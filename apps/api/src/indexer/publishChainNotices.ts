import type { Logger } from '../observability/createLogger.js';
import type { ChainEventBus, ChainNotice } from './ChainNotice.js';

/**
 * Publishes the notices of a committed range, one by one; a failure is logged and the rest still go.
 *
 * @param bus - the bus, or undefined when nobody listens.
 * @param notices - the notices, in order.
 * @param logger - where a failed publish is reported.
 * @example
 * await publishChainNotices(bus, notices, logger);
 */
export async function publishChainNotices(
  bus: ChainEventBus | undefined,
  notices: ChainNotice[],
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  for (const notice of notices) {
    try {
      await bus?.publish(notice.channel, notice.message);
    } catch (error) {
      // The money is committed; a lost notice only delays a browser refresh.
      logger.warn({ err: error, channel: notice.channel }, 'could not publish chain notice');
    }
  }
}
