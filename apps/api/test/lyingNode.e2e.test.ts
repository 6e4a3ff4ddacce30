import { inferenceTasks } from '@far/db';
import { eq } from 'drizzle-orm';
import { parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFarUsdPrice } from '../src/price/getFarUsdPrice.js';
import { tokensCostWei } from '../src/services/inference/priceTokens.js';
import { startTestNetwork } from './support/startTestNetwork.js';
import { answerProbe, connectTestNode, signedHello } from './support/testNodeClient.js';

/**
 * A node speaking the real protocol that over-reports its usage: the coordinator bills the
 * tokens it counted itself, never the node's claim.
 */
let net: Awaited<ReturnType<typeof startTestNetwork>>;
let apiKey: string;

beforeAll(async () => {
  net = await startTestNetwork();
  const user = net.bed.users[0] as `0x${string}`;
  ({ apiKey } = await net.apiKeyFor(user));
  await net.fund(user, apiKey, parseEther('1000'));
}, 120_000);
afterAll(() => net?.close());

describe('a node that lies about its token count', () => {
  it('is billed by the coordinator count', async () => {
    const owner = net.bed.signerOf(net.bed.users[3] as `0x${string}`);
    const account = privateKeyToAccount(
      `0x${Buffer.from(owner.getHdKey().privateKey as Uint8Array).toString('hex')}` as `0x${string}`,
    );
    const liar = await connectTestNode(`${net.api.url.replace('http', 'ws')}/v1/nodes/connect`);
    liar.send(
      await signedHello({
        account,
        challenge: liar.challenge,
        coordinatorUrl: net.api.url,
        nodeId: 'liar-node-1',
        models: [{ id: 'llama-70b', contextLength: 4096 }],
        vramGb: 160,
      }),
    );
    await liar.next('welcome');
    await answerProbe(liar);
    await net.waitForNodes('llama-70b');

    const response = fetch(`${net.api.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'llama-70b',
        messages: [{ role: 'user', content: 'hello' }],
        max_tokens: 50,
      }),
    });
    const assign = await liar.next('task.assign');
    liar.send({ type: 'task.accepted', taskId: assign.taskId });
    for (const [seq, text] of ['One', ' two', ' three'].entries()) {
      liar.send({ type: 'task.token', taskId: assign.taskId, seq, text });
    }
    liar.send({
      type: 'task.done',
      taskId: assign.taskId,
      usage: { promptTokens: 5_000, completionTokens: 1_000 },
      finishReason: 'stop',
    });

    const body = (await (await response).json()) as {
      choices: { message: { content: string } }[];
      usage: { prompt_tokens: number; completion_tokens: number };
      far: { task_id: string; cost_far_wei: string };
    };
    expect(body.choices[0]?.message.content).toBe('One two three');
    expect(body.usage.completion_tokens).toBe(3);
    const price = await getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
    const billed = tokensCostWei(body.usage.prompt_tokens + 3, '3.0', price);
    expect(BigInt(body.far.cost_far_wei)).toBe(billed);
    const [task] = await net.api.db
      .select()
      .from(inferenceTasks)
      .where(eq(inferenceTasks.taskId, body.far.task_id));
    expect(task?.completionTokens).toBe(3);
    expect(task?.costFarWei).toBe(billed);
    liar.close();
  });
});
