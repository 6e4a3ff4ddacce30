import { createHash } from 'node:crypto';
import type { TaskAssignMessage } from '@far/protocol';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import {
  answerProbe,
  connectTestNode,
  signedHello,
  type TestNodeClient,
} from '../../test/support/testNodeClient.js';

const WORDS = [
  'the',
  'river',
  'town',
  'market',
  'boat',
  'morning',
  'bridge',
  'mill',
  'field',
  'light',
  'road',
  'bell',
];

/** A scripted node's greedy answer: the same words for the same request on every honest node. */
function answerOf(assign: TaskAssignMessage): string[] {
  const seed = createHash('sha256')
    .update(JSON.stringify([assign.messages ?? assign.prompt, assign.maxTokens]))
    .digest();
  return Array.from(
    { length: assign.maxTokens },
    (_, i) => ` ${WORDS[((seed[i % 32] as number) + i) % WORDS.length]}`,
  );
}

export type ScriptedNode = {
  nodeId: string;
  client: TestNodeClient;
  /** Tasks served (probes excluded), and when each arrived. */
  served: number[];
};

/**
 * A node on the wire protocol that answers every task like an honest greedy engine would (same
 * answer for the same request on every node), or — with `corruptRate` — alters one word of that
 * share of its answers at random: the cheater the bench must catch. A bench-only script, not a
 * far-node option.
 */
export async function startScriptedNode(params: {
  wsUrl: string;
  publicUrl: string;
  nodeId: string;
  model: string;
  corruptRate?: number;
  /** 0..1, Math.random by default: which answers are altered, and where. */
  random?: () => number;
}): Promise<ScriptedNode> {
  const random = params.random ?? Math.random;
  const client = await connectTestNode(params.wsUrl);
  client.send(
    await signedHello({
      account: privateKeyToAccount(generatePrivateKey()),
      challenge: client.challenge,
      coordinatorUrl: params.publicUrl,
      nodeId: params.nodeId,
      models: [{ id: params.model, contextLength: 8192 }],
      maxConcurrency: 2,
      vramGb: 24,
    }),
  );
  const refused = client.closed.then((code) => {
    throw new Error(`${params.nodeId} was refused (close code ${code})`);
  });
  await Promise.race([client.next('welcome'), refused]);
  await answerProbe(client);
  const node: ScriptedNode = { nodeId: params.nodeId, client, served: [] };
  client.ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as TaskAssignMessage;
    if (m.type !== 'task.assign') return;
    node.served.push(Date.now());
    const tokens = answerOf(m);
    if (random() < (params.corruptRate ?? 0)) {
      const at = Math.floor(random() * tokens.length);
      tokens[at] = ' lighthouse';
    }
    client.send({ type: 'task.accepted', taskId: m.taskId });
    for (const [seq, text] of tokens.entries())
      client.send({ type: 'task.token', taskId: m.taskId, seq, text });
    client.send({
      type: 'task.done',
      taskId: m.taskId,
      usage: { promptTokens: 8, completionTokens: tokens.length },
      finishReason: 'length',
    });
  });
  return node;
}
