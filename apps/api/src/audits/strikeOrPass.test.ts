import { randomUUID } from 'node:crypto';
import { nodeAudits } from '@far/db';
import { describe, expect, it } from 'vitest';
import { useNodeGatewayFixtures } from '../../test/support/nodeGatewayFixtures.js';
import { createLogger } from '../observability/createLogger.js';
import { readNodeStandings } from '../scores/readNodeStandings.js';
import type { AuditorContext } from './auditorContext.js';
import { DEFAULT_AUDIT_CONFIG } from './auditRates.js';
import { emptyAuditStats } from './emptyAuditStats.js';
import { strikeOrPass } from './strikeOrPass.js';

const fx = useNodeGatewayFixtures();

describe('strikeOrPass', () => {
  it("lowers the score once, by what the strike takes off the formula's target (100 × 0.20 × the pass rate's fall)", async () => {
    const env = await fx.startGateway();
    const { nodeId } = await fx.joinNode(env);
    await fx.db.insert(nodeAudits).values(
      Array.from({ length: 9 }, () => ({
        nodeId,
        taskId: randomUUID(),
        kind: 'canary' as const,
        passed: true,
        evidenceHash: `0x${'0'.repeat(64)}`,
        detail: {},
      })),
    );
    env.gateway.registry.setScore(nodeId, 90);
    const ctx: AuditorContext = {
      db: fx.db,
      network: env.gateway,
      logger: createLogger('silent'),
      config: DEFAULT_AUDIT_CONFIG,
      runCostWei: async () => 0n,
      stats: emptyAuditStats(),
    };

    await strikeOrPass(ctx, {
      nodeId,
      taskId: randomUUID(),
      kind: 'canary',
      passed: false,
      model: 'far-demo',
      evidence: { kind: 'canary', answer: ['x'] },
      runs: [],
    });

    // 9 passes of 9 → 9 of 10: the pass rate falls by 0.1, the target and the score by 2 points.
    const isLive = () => true;
    const [standing] = (
      await readNodeStandings(fx.db, { nodeIds: [nodeId], now: Date.now(), isLive })
    ).values();
    expect(standing?.auditPassRate).toBeCloseTo(0.9, 10);
    expect(env.gateway.registry.get(nodeId)?.score).toBeCloseTo(88, 10);
    expect(ctx.stats.strikes).toBe(1);
  });
});
