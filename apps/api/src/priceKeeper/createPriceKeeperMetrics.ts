import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * The price keeper's metrics. Each carries a label, so a process without a price keeper exports no
 * series (and the stale-feed alert only judges the feed a keeper reports on).
 */
export function createPriceKeeperMetrics(registry: Registry) {
  return {
    priceFeedAnswer: new Gauge({
      name: 'far_price_feed_answer_usd',
      help: 'The price feed answer the price keeper last read on chain, in USD',
      labelNames: ['feed'] as const,
      registers: [registry],
    }),
    priceFeedUpdatedAt: new Gauge({
      name: 'far_price_feed_updated_timestamp_seconds',
      help: 'When the price feed answer the price keeper last read on chain was published (unix seconds)',
      labelNames: ['feed'] as const,
      registers: [registry],
    }),
    priceKeeperUpdates: new Counter({
      name: 'far_price_keeper_updates_total',
      help: 'Prices the price keeper published, by reason (first, deviation, heartbeat)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    priceKeeperRefusals: new Counter({
      name: 'far_price_keeper_refusals_total',
      help: 'Observed prices the price keeper did not publish because the feed would refuse them, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    priceKeeperErrors: new Counter({
      name: 'far_price_keeper_errors_total',
      help: 'Price keeper rounds that failed, by stage (source, chain)',
      labelNames: ['stage'] as const,
      registers: [registry],
    }),
  };
}

export type PriceKeeperMetrics = ReturnType<typeof createPriceKeeperMetrics>;
