import { gpuNodes, nodeSuspensions } from '@far/db';
import { NodeCloseCode } from '@far/protocol';
import { eq } from 'drizzle-orm';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { useNodeGatewayFixtures } from '../../test/support/nodeGatewayFixtures.js';
import { connectTestNode, signedHello } from '../../test/support/testNodeClient.js';
import { resumeNode } from './resumeNode.js';
import { suspendNode } from './suspendNode.js';

const fx = useNodeGatewayFixtures();
const { startGateway, joinNode, task } = fx;

const statusOf = async (nodeId: string) =>
  (await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId)))[0]?.status;

describe('suspendNode / resumeNode', () => {
  it('suspends a connected node: recorded, disconnected, never scheduled, refused on reconnect until resumed', async () => {
    const env = await startGateway();
    const key = generatePrivateKey();
    const { client, nodeId } = await joinNode(env, { key });

    const first = await suspendNode(
      fx.db,
      { nodeId, reason: '3 failed audits within 24 h', actor: 'system' },
      env.gateway,
    );
    expect(first.created).toBe(true);
    // The audits (actor `system`) tell the node what they found.
    expect(await client.next('error')).toMatchObject({
      message: `node ${nodeId} was suspended by the audits: 3 failed audits within 24 h; an operator can lift it`,
    });
    expect(await client.closed).toBe(NodeCloseCode.suspended);
    expect(await statusOf(nodeId)).toBe('suspended');
    await expect(env.gateway.dispatch(task())).rejects.toMatchObject({ code: 'no_node_available' });

    // Suspending again changes nothing: one open suspension per node.
    const again = await suspendNode(fx.db, { nodeId, reason: 'again', actor: 'system' });
    expect(again).toEqual({ suspensionId: first.suspensionId, created: false });

    // A reconnect does not lift it.
    const refused = await connectTestNode(env.wsUrl);
    fx.clients.push(refused);
    refused.send(
      await signedHello({
        account: privateKeyToAccount(key),
        challenge: refused.challenge,
        coordinatorUrl: env.publicUrl,
        nodeId,
      }),
    );
    expect(await refused.closed).toBe(NodeCloseCode.suspended);
    expect(env.gateway.registry.get(nodeId)).toBeUndefined();

    const operator = '0x00000000000000000000000000000000000000AA';
    await resumeNode(fx.db, { nodeId, reason: 'appeal upheld', actor: operator });
    const [row] = await fx.db.select().from(nodeSuspensions).where(eq(nodeSuspensions.nodeId, nodeId));
    expect(row).toMatchObject({
      reason: '3 failed audits within 24 h',
      actor: 'system',
      liftedBy: operator.toLowerCase(),
      liftReason: 'appeal upheld',
    });
    expect(row?.liftedAt).toBeInstanceOf(Date);
    expect(await statusOf(nodeId)).toBe('offline');

    await joinNode(env, { key, nodeId });
    expect(env.gateway.registry.get(nodeId)?.status).toBe('online');
  });

  it('refuses unknown nodes, resuming a node that is not suspended, and a bad actor', async () => {
    const env = await startGateway();
    const { nodeId } = await joinNode(env);
    await expect(
      suspendNode(fx.db, { nodeId: 'no-such-node', reason: 'x', actor: 'system' }),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(resumeNode(fx.db, { nodeId, reason: 'x', actor: 'system' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(suspendNode(fx.db, { nodeId, reason: 'x', actor: 'mallory' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});
