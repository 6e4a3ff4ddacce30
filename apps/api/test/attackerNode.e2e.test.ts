import { splitRevenue } from '@far/contracts';
import { gpuNodes, inferenceTasks } from '@far/db';
import { NodeCloseCode } from '@far/protocol';
import { eq } from 'drizzle-orm';
import { parseEther } from 'viem';
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { getBalances } from '../src/ledger/getBalances.js';
import { getFarUsdPrice } from '../src/price/getFarUsdPrice.js';
import { tokensCostWei } from '../src/services/inference/priceTokens.js';
import { startTestNetwork } from './support/startTestNetwork.js';
import { answerProbe, connectTestNode, signedHello, type TestNodeClient } from './support/testNodeClient.js';

/**
 * Nodes speaking the real protocol that try to be paid for nothing: frames that show no text,
 * text split into one frame per character, or a model they never proved they serve. The ledger
 * (the user's charge, the node's earnings) pays only what the coordinator's count allows.
 */
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let apiKey: string;
let userId: string;
let price: bigint;

beforeAll(async () => {
  net = await startTestNetwork();
  const user = net.bed.users[0] as `0x${string}`;
  ({ apiKey, userId } = await net.apiKeyFor(user));
  await net.fund(user, apiKey, parseEther('1000'));
  price = await getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
}, 120_000);
afterAll(() => net?.close());

const ownerAccount = (index: number): PrivateKeyAccount => {
  const owner = net.bed.signerOf(net.bed.users[index] as `0x${string}`);
  return privateKeyToAccount(
    `0x${Buffer.from(owner.getHdKey().privateKey as Uint8Array).toString('hex')}` as `0x${string}`,
  );
};

async function joinAttacker(params: {
  nodeId: string;
  model: string;
  vramGb: number;
  probeTokens: string[];
}): Promise<TestNodeClient> {
  const client = await connectTestNode(`${net.api.url.replace('http', 'ws')}/v1/nodes/connect`);
  client.send(
    await signedHello({
      account: ownerAccount(3),
      challenge: client.challenge,
      coordinatorUrl: net.api.url,
      nodeId: params.nodeId,
      models: [{ id: params.model }],
      vramGb: params.vramGb,
    }),
  );
  await client.next('welcome');
  await answerProbe(client, params.probeTokens);
  return client;
}

type Completion = {
  choices: { message: { content: string } }[];
  usage: { prompt_tokens: number; completion_tokens: number };
  far: { task_id: string; cost_far_wei: string };
};

/** One chat completion, answered by `node` with `frames`, claiming `claimed` completion tokens. */
async function completeWith(node: TestNodeClient, model: string, frames: string[], claimed: number) {
  const response = fetch(`${net.api.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }], max_tokens: 64 }),
  });
  const assign = await node.next('task.assign');
  node.send({ type: 'task.accepted', taskId: assign.taskId });
  for (const [seq, text] of frames.entries()) {
    node.send({ type: 'task.token', taskId: assign.taskId, seq, text });
  }
  node.send({
    type: 'task.done',
    taskId: assign.taskId,
    usage: { promptTokens: 5, completionTokens: claimed },
    finishReason: 'stop',
  });
  const body = (await (await response).json()) as Completion;
  const [task] = await net.api.db
    .select()
    .from(inferenceTasks)
    .where(eq(inferenceTasks.taskId, body.far.task_id));
  return { body, task };
}

const nodeEarnings = async (nodeId: string): Promise<bigint> => {
  const [row] = await net.api.db
    .select({ id: gpuNodes.id })
    .from(gpuNodes)
    .where(eq(gpuNodes.nodeId, nodeId));
  return row ? getAccountBalance(net.api.db, { kind: 'node_earnings', nodeId: row.id }) : 0n;
};
const userFunds = async (): Promise<bigint> => {
  const { available, reserved } = await getBalances(net.api.db, userId);
  return available + reserved;
};

describe('a node that streams frames nobody can read', () => {
  it('is paid only for the tokens that show text: user charge and node earnings follow that count', async () => {
    const node = await joinAttacker({
      nodeId: 'blank-node',
      model: 'far-demo',
      vramGb: 0,
      probeTokens: [' Hi'],
    });
    await net.waitForNodes('far-demo');

    // Nothing visible at all: nothing is owed, not even the prompt, and the node earns nothing.
    const fundsBefore = await userFunds();
    const blank = await completeWith(node, 'far-demo', [...Array(20).fill(''), ...Array(20).fill(' \n')], 40);
    expect(blank.body.usage.completion_tokens).toBe(0);
    expect(blank.body.far.cost_far_wei).toBe('0');
    expect(await userFunds()).toBe(fundsBefore);
    expect(await nodeEarnings('blank-node')).toBe(0n);

    // One real word among a flood of blank frames is one billable token.
    const padded = await completeWith(
      node,
      'far-demo',
      [...Array(30).fill(''), ' ', '\t', 'Hi', '\u200b', ' '],
      1,
    );
    expect(padded.body.choices[0]?.message.content).toBe(' \tHi\u200b ');
    expect(padded.body.usage.completion_tokens).toBe(1);
    const charge = tokensCostWei(padded.body.usage.prompt_tokens + 1, '0.50', price);
    expect(BigInt(padded.body.far.cost_far_wei)).toBe(charge);
    expect(await userFunds()).toBe(fundsBefore - charge);
    const score = Math.round(net.api.gateway.registry.get('blank-node')?.score ?? Number.NaN);
    expect(padded.task?.nodeShareWei).toBe(splitRevenue(charge, score).node);
    expect(await nodeEarnings('blank-node')).toBe(splitRevenue(charge, score).node);
    node.close();
    await node.closed;
  });

  it('cannot bill more than one token per visible character by splitting the text', async () => {
    const node = await joinAttacker({
      nodeId: 'split-node',
      model: 'far-demo',
      vramGb: 0,
      probeTokens: [' Hi'],
    });
    await expect.poll(() => net.api.gateway.registry.get('split-node')?.models.length).toBe(1);
    const fundsBefore = await userFunds();
    const frames = [...'Hello world'];
    const { body, task } = await completeWith(node, 'far-demo', frames, frames.length);
    expect(body.choices[0]?.message.content).toBe('Hello world');
    // 11 frames, 10 visible characters: the space is not a billable token.
    expect(body.usage.completion_tokens).toBe(10);
    const charge = tokensCostWei(body.usage.prompt_tokens + 10, '0.50', price);
    expect(BigInt(body.far.cost_far_wei)).toBe(charge);
    expect(await userFunds()).toBe(fundsBefore - charge);
    // It claimed 11: not what the coordinator counted, so its score (and payment adjustment) drops.
    const score = Math.round(net.api.gateway.registry.get('split-node')?.score ?? Number.NaN);
    expect(score).toBeLessThan(80);
    expect(task?.nodeShareWei).toBe(splitRevenue(charge, score).node);
    expect(await nodeEarnings('split-node')).toBe(splitRevenue(charge, score).node);
    node.close();
    await node.closed;
  });
});

describe('a node that fails its probe', () => {
  it('is disconnected, never offered a paid task, and never paid', async () => {
    const fundsBefore = await userFunds();
    const node = await joinAttacker({
      nodeId: 'unproven-node',
      model: 'llama-70b',
      vramGb: 160,
      probeTokens: ['', ' ', '\n'],
    });
    expect(await node.next('error')).toMatchObject({ code: 'probe_failed' });
    expect(await node.closed).toBe(NodeCloseCode.probeFailed);
    const response = await fetch(`${net.api.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'llama-70b',
        messages: [{ role: 'user', content: 'hello' }],
        max_tokens: 8,
      }),
    });
    expect(response.status).toBe(503);
    expect(node.received.filter((m) => m.type === 'task.assign')).toHaveLength(1);
    expect(await userFunds()).toBe(fundsBefore);
    expect(await nodeEarnings('unproven-node')).toBe(0n);
  });
});
