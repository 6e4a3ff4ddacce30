import { randomUUID } from 'node:crypto';
import type { ServerToNodeMessage, TaskTokenMessage } from '@far/protocol';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { testNode } from '../../test/support/testNode.js';
import type { Bus } from '../bus/Bus.js';
import { createRedisBus } from '../bus/createRedisBus.js';
import type { TaskHandle } from '../dispatch/dispatchTypes.js';
import type { LiveNode } from '../nodes/nodeRegistry.js';
import { createLogger } from '../observability/createLogger.js';
import type { LocalNodeAccess } from './clusterContext.js';
import { createNodeCluster, type NodeCluster } from './createNodeCluster.js';

const url = process.env.REDIS_URL;
const logger = createLogger('silent');

function liveNode(nodeId: string, maxConcurrency = 2): LiveNode {
  const now = Date.now();
  return testNode(nodeId, { maxConcurrency, connectedAt: now, lastHeartbeatAt: now });
}

/** A stand-in for the gateway's node sockets: records what reaches each node. */
function fakeNodes() {
  const received: { nodeId: string; message: ServerToNodeMessage }[] = [];
  const handles = new Map<string, TaskHandle>();
  const closed: string[] = [];
  const access: LocalNodeAccess = {
    openTask(nodeId, taskId, handle) {
      handles.set(taskId, handle);
      return {
        send: (message) => received.push({ nodeId, message }),
        close: () => closed.push(taskId),
      };
    },
    reportViolation: () => {},
    suspend: () => {},
  };
  return { access, received, handles, closed };
}

function recorder() {
  const frames: string[] = [];
  let lost = 0;
  const handle: TaskHandle = {
    onNodeMessage(message) {
      frames.push(message.type === 'task.token' ? `token:${message.text}` : message.type);
      return undefined;
    },
    nodeLost() {
      lost += 1;
    },
  };
  return { handle, frames, lost: () => lost };
}

describe.skipIf(!url)('createNodeCluster (Redis)', () => {
  const opened: { cluster: NodeCluster; bus: Bus; redis: Redis }[] = [];
  const name = `cluster-test-${randomUUID()}`;

  async function replica(announceIntervalMs = 100) {
    const redis = new Redis(url as string);
    const bus = await createRedisBus(url as string);
    const cluster = createNodeCluster({ redis, bus, name, logger, announceIntervalMs });
    const nodes = fakeNodes();
    await cluster.start(nodes.access);
    opened.push({ cluster, bus, redis });
    return { cluster, bus, redis, nodes };
  }

  afterEach(async () => {
    for (const { cluster, bus, redis } of opened.splice(0)) {
      await cluster.close();
      await bus.close();
      redis.disconnect();
    }
  });

  it('mirrors a node held by one replica into the other, and forgets it when it leaves', async () => {
    const a = await replica();
    const b = await replica();
    a.cluster.registry.add(liveNode('n1'));
    await expect.poll(() => b.cluster.registry.get('n1')?.status).toBe('online');
    expect(b.cluster.isRemote('n1')).toBe(true);
    expect(a.cluster.isRemote('n1')).toBe(false);
    expect([...b.cluster.registry.nodesServing('far-demo')].map((n) => n.nodeId)).toEqual(['n1']);

    // A replica that starts later reads the directory from Redis.
    const c = await replica();
    expect(c.cluster.registry.get('n1')).toBeDefined();

    a.cluster.registry.remove('n1');
    await expect.poll(() => b.cluster.registry.get('n1')).toBeUndefined();
    await expect.poll(() => c.cluster.registry.get('n1')).toBeUndefined();
  });

  it('mirrors the models a node proved: none while it is probed, then the proven ones', async () => {
    const a = await replica();
    const b = await replica();
    a.cluster.registry.add(testNode('n5', { models: [], connectedAt: Date.now() }));
    await expect.poll(() => b.cluster.registry.get('n5')?.status).toBe('online');
    expect([...b.cluster.registry.nodesServing('far-demo')]).toEqual([]);
    a.cluster.registry.setModels('n5', [{ id: 'far-demo' }]);
    await expect
      .poll(() => [...b.cluster.registry.nodesServing('far-demo')].map((n) => n.nodeId))
      .toEqual(['n5']);
  });

  it('runs a task on a remote node: assignment there, frames back, slot freed on close', async () => {
    const a = await replica();
    const b = await replica();
    a.cluster.registry.add(liveNode('n2'));
    await expect.poll(() => b.cluster.registry.get('n2')).toBeDefined();

    const task = recorder();
    const link = b.cluster.openRemoteTask('n2', 'task-1', task.handle);
    expect(link).toBeDefined();
    link?.send({
      type: 'task.assign',
      taskId: 'task-1',
      model: 'far-demo',
      prompt: 'Hi',
      maxTokens: 2,
      temperature: 0,
    });
    await expect.poll(() => a.nodes.received.length).toBe(1);
    expect(a.nodes.received[0]).toMatchObject({
      nodeId: 'n2',
      message: { type: 'task.assign', taskId: 'task-1' },
    });
    expect(a.cluster.registry.get('n2')?.activeTasks).toBe(1);

    // The node answers on replica A; replica B's handle sees the frames in order.
    const nodeSide = a.nodes.handles.get('task-1') as TaskHandle;
    nodeSide.onNodeMessage({ type: 'task.accepted', taskId: 'task-1' });
    for (const [seq, text] of [' a', ' b'].entries()) {
      nodeSide.onNodeMessage({ type: 'task.token', taskId: 'task-1', seq, text } satisfies TaskTokenMessage);
    }
    await expect.poll(() => task.frames).toEqual(['task.accepted', 'token: a', 'token: b']);

    link?.send({ type: 'task.cancel', taskId: 'task-1' });
    await expect.poll(() => a.nodes.received.at(-1)?.message.type).toBe('task.cancel');
    link?.close();
    await expect.poll(() => a.cluster.registry.get('n2')?.activeTasks).toBe(0);
    expect(a.nodes.closed).toEqual(['task-1']);
  });

  it('refuses as busy when the holding replica has no free slot, whatever the mirror said', async () => {
    const a = await replica();
    const b = await replica();
    a.cluster.registry.add(liveNode('n3', 1));
    await expect.poll(() => b.cluster.registry.get('n3')).toBeDefined();
    expect(a.cluster.registry.tryAcquireSlot('n3')).toBe(true);

    const task = recorder();
    const link = b.cluster.openRemoteTask('n3', 'task-2', task.handle);
    link?.send({
      type: 'task.assign',
      taskId: 'task-2',
      model: 'far-demo',
      prompt: 'Hi',
      maxTokens: 2,
      temperature: 0,
    });
    await expect.poll(() => task.frames).toEqual(['task.error']);
    expect(a.nodes.received).toHaveLength(0);
    link?.close();
  });

  it("tells the dispatcher the node is lost when the holding replica's node disconnects", async () => {
    const a = await replica();
    const b = await replica();
    a.cluster.registry.add(liveNode('n4'));
    await expect.poll(() => b.cluster.registry.get('n4')).toBeDefined();
    const task = recorder();
    const link = b.cluster.openRemoteTask('n4', 'task-3', task.handle);
    link?.send({
      type: 'task.assign',
      taskId: 'task-3',
      model: 'far-demo',
      prompt: 'Hi',
      maxTokens: 2,
      temperature: 0,
    });
    await expect.poll(() => a.nodes.handles.has('task-3')).toBe(true);
    a.nodes.handles.get('task-3')?.nodeLost();
    await expect.poll(() => task.lost()).toBeGreaterThanOrEqual(1);
    link?.close();
  });

  it('drops the nodes of a replica that stops announcing (killed) and fails their tasks there', async () => {
    const b = await replica();
    // A replica that announced one node and then died without a word.
    const ghost = new Redis(url as string);
    const ghostReplica = randomUUID();
    await ghost.publish(
      `${name}:nodes`,
      JSON.stringify({ kind: 'up', replicaId: ghostReplica, nodes: [liveNode('ghost-node')] }),
    );
    ghost.disconnect();
    await expect.poll(() => b.cluster.registry.get('ghost-node')).toBeDefined();
    const task = recorder();
    b.cluster.openRemoteTask('ghost-node', 'task-4', task.handle);
    // Gone after the entry TTL (3 announce intervals), and the task hears of it.
    await expect.poll(() => b.cluster.registry.get('ghost-node'), { timeout: 5_000 }).toBeUndefined();
    expect(task.lost()).toBe(1);
  });
});
