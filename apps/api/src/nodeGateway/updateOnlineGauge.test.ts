import { describe, expect, it } from 'vitest';
import { farDemoModel } from '../../test/support/farDemoModel.js';
import type { ModelCatalogue } from '../models/readModelCatalogue.js';
import { createMetrics } from '../observability/createMetrics.js';
import { type GatewayContext, type NodeConnection, updateOnlineGauge } from './gatewayContext.js';

/** A gateway holding nodes that serve these models (only what updateOnlineGauge reads). */
function gatewayWith(metrics: ReturnType<typeof createMetrics>, nodes: string[][]): GatewayContext {
  const byNodeId = new Map(
    nodes.map((models, i) => [
      `node-${i}`,
      { node: { models: models.map((id) => ({ id })) } } as unknown as NodeConnection,
    ]),
  );
  const specs = [
    farDemoModel,
    { ...farDemoModel, id: 'llama-70b' },
    { ...farDemoModel, id: 'gone', status: 'retired' as const },
  ];
  const lastCatalogue = { list: () => specs } as unknown as ModelCatalogue;
  return { byNodeId, metrics, lastCatalogue } as unknown as GatewayContext;
}

describe('updateOnlineGauge', () => {
  it('counts nodes in all and by model, with 0 for a catalogued model no node serves, forgetting a gone uncatalogued one', async () => {
    const metrics = createMetrics();
    const [first, second] = ['far-demo', 'llama-70b'];
    updateOnlineGauge(gatewayWith(metrics, [[first ?? ''], [first ?? '', 'custom-model']]));
    const text = await metrics.registry.metrics();
    expect(text).toContain('far_nodes_online 2');
    expect(text).toContain(`far_model_nodes_online{model="${first}"} 2`);
    expect(text).toContain(`far_model_nodes_online{model="${second}"} 0`);
    expect(text).toContain('far_model_nodes_online{model="custom-model"} 1');
    expect(text).not.toContain('model="gone"');

    updateOnlineGauge(gatewayWith(metrics, []));
    const after = await metrics.registry.metrics();
    expect(after).toContain(`far_model_nodes_online{model="${first}"} 0`);
    expect(after).not.toContain('custom-model');
  });
});
