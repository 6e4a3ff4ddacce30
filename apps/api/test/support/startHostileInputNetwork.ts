import type { TaskAssignMessage } from '@far/protocol';
import { parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { getFarUsdPrice } from '../../src/price/getFarUsdPrice.js';
import { startTestNetwork } from './startTestNetwork.js';
import { connectTestNode, signedHello } from './testNodeClient.js';

type TestNetwork = Awaited<ReturnType<typeof startTestNetwork>>;
export type HostileInputNetwork = Awaited<ReturnType<typeof startHostileInputNetwork>>;

/** The model the scripted node serves. */
export const MODEL = 'llama-70b';

/** What the node answers the next task with: its tokens, then `task.done`, or `task.error` with `error`. */
export type Answer = { tokens: string[]; error?: string };
export const DEFAULT_ANSWER: Answer = { tokens: ['Calm', ' sea', '.'] };

/**
 * The fully assembled API (every feature router, as `npm start` runs it, called with `app.request()`)
 * on a test network, a user funded with 1000 FAR, and a scripted node speaking the real protocol that
 * answers every task with what `answerFor()` gives at that moment.
 * @param answerFor the current case's answer; the test changes it between cases.
 * @returns the network, the user's API key and access token, the FAR/USD price, `request` and `json`
 *   to call the API as that user, `balances` to read theirs, and `close`.
 */
export async function startHostileInputNetwork(answerFor: () => Answer) {
  const net = await startTestNetwork();
  const user = net.bed.users[0] as `0x${string}`;
  const { apiKey, accessToken } = await net.apiKeyFor(user);
  await net.fund(user, apiKey, parseEther('1000'));
  const price = await getFarUsdPrice(net.bed.publicClient, net.bed.deployments);
  const stopScriptedNode = await startScriptedNode(net, answerFor).catch(async (error: unknown) => {
    await net.close();
    throw error;
  });
  const request = (path: string, init: RequestInit = {}) => net.api.app.request(path, init);
  return {
    net,
    apiKey,
    accessToken,
    price,
    request,
    /** A POST of `body` as JSON with the user's API key (or the given headers). */
    json: (body: unknown, headers: Record<string, string> = {}) => ({
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
    /** The user's available and reserved FAR, as the API reports them. */
    async balances() {
      const me = (await (
        await request('/api/me', { headers: { authorization: `Bearer ${apiKey}` } })
      ).json()) as {
        balances: { available: string; reserved: string };
      };
      return { available: BigInt(me.balances.available), reserved: BigInt(me.balances.reserved) };
    },
    async close() {
      stopScriptedNode();
      await net.close();
    },
  };
}

/** Connects a node that answers each task with `answerFor()`; resolves once the API can schedule it. */
async function startScriptedNode(net: TestNetwork, answerFor: () => Answer) {
  const signer = net.bed.signerOf(net.bed.users[3] as `0x${string}`);
  const account = privateKeyToAccount(
    `0x${Buffer.from(signer.getHdKey().privateKey as Uint8Array).toString('hex')}` as `0x${string}`,
  );
  const node = await connectTestNode(`${net.api.url.replace('http', 'ws')}/v1/nodes/connect`);
  node.ws.on('message', (data) => {
    const assign = JSON.parse(String(data)) as TaskAssignMessage;
    if (assign.type !== 'task.assign') return;
    const { tokens, error } = answerFor();
    const taskId = assign.taskId;
    node.send({ type: 'task.accepted', taskId });
    const sent = tokens.slice(0, assign.maxTokens);
    for (const [seq, text] of sent.entries()) node.send({ type: 'task.token', taskId, seq, text });
    node.send(
      error === undefined
        ? {
            type: 'task.done',
            taskId,
            usage: { promptTokens: 1, completionTokens: sent.length },
            finishReason: sent.length === assign.maxTokens ? 'length' : 'stop',
          }
        : { type: 'task.error', taskId, code: 'engine_error', message: error },
    );
  });
  node.send(
    await signedHello({
      account,
      challenge: node.challenge,
      coordinatorUrl: net.api.url,
      nodeId: 'scripted-node-1',
      models: [{ id: MODEL, contextLength: 4096 }],
      vramGb: 160,
    }),
  );
  const welcome = await node.next('welcome');
  const timer = setInterval(
    () =>
      node.send({
        type: 'heartbeat',
        load: 0,
        tokensPerSecond: 0,
        tasksCompleted: 0,
        tokensGenerated: 0,
        uptimeSeconds: 1,
      }),
    welcome.heartbeatIntervalMs,
  );
  await net.waitForNodes(MODEL);
  return () => {
    clearInterval(timer);
    node.close();
  };
}
