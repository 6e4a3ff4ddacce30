import { devAccount, readDeployments } from '@far/contracts';
import type { DemoSeed, DemoSeedContext } from './DemoSeed.js';
import { signInToApi } from './gamed/signInToApi.js';
import { waitForDemoBalance } from './waitForDemoBalance.js';

/** Dev account #2, the demo user (its escrow is funded at start by seedDevUser). */
const user = devAccount(2);
/** Greedy requests sent: on probation a node gets a canary after ~30 % of its tasks (audits README). */
const REQUESTS = 24;
/** Requests in flight at once: one per local node, so none waits long in the queue. */
const PARALLEL = 2;
const subjects = [
  'the sea',
  'a lighthouse',
  'the harbour',
  'rain',
  'the river',
  'a boat',
  'the town',
  'night',
];
const asks = ['Write a line about', 'Describe', 'Say one thing about'];

type AuditRecord = { checks: number };
type ModelList = { data: { id: string; available_nodes: number }[] };

/** Waits (up to a minute) until `count` far-nodes serve far-demo. */
async function waitForNodes(api: string, count: number): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    const models = (await (await fetch(`${api}/v1/models`)).json()) as ModelList;
    if ((models.data.find((m) => m.id === 'far-demo')?.available_nodes ?? 0) >= count) return true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return false;
}

/**
 * Sends the greedy completions, `PARALLEL` at a time. Best effort: the first refusal (say, every
 * node busy with the batch demo past the queue deadline) ends it, since the traffic only feeds the
 * audits and must not fail the start.
 *
 * @returns how many were answered, and why it stopped early if it did.
 */
async function sendGreedyTraffic(
  api: string,
  auth: Record<string, string>,
): Promise<{ answered: number; refused?: string }> {
  let next = 0;
  let answered = 0;
  let refused: string | undefined;
  const worker = async () => {
    while (next < REQUESTS && refused === undefined) {
      const i = next++;
      const response = await fetch(`${api}/v1/chat/completions`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'far-demo',
          messages: [{ role: 'user', content: `${asks[i % asks.length]} ${subjects[i % subjects.length]}.` }],
          max_tokens: 4,
          temperature: 0,
        }),
      });
      if (response.ok) answered += 1;
      else refused ??= `${response.status} ${(await response.text()).slice(0, 200)}`;
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return refused === undefined ? { answered } : { answered, refused };
}

/**
 * Proof of serving on the local network: a few greedy (temperature 0) chat completions from the
 * demo user, through the real API, so the coordinator's auditor sends its real canaries and
 * spot-check audits to the local far-nodes and the GPU page shows an audit record. Checks need a
 * second node (a canary's answer is known once two nodes agree; an audit re-runs on another node),
 * so with one node it does nothing. The checks themselves run after the tasks, asynchronously: the
 * start does not wait for them, and a refused request only ends the traffic early. Sent once: when
 * every node has a record already, nothing is sent.
 */
export const auditDemoSeed: DemoSeed = {
  service: 'audits',
  async seed(context: DemoSeedContext) {
    const api = context.urls.api;
    if (context.nodeIds.length < 2) {
      context.log('audits: one far-node, so no canary or audit can run (start two: --nodes 2)');
      return;
    }
    const records = await Promise.all(
      context.nodeIds.map(
        async (nodeId) =>
          (await (
            await fetch(`${api}/api/nodes/${encodeURIComponent(nodeId)}/audits`)
          ).json()) as AuditRecord,
      ),
    );
    if (records.every((record) => record.checks > 0)) return;
    const { chainId } = await readDeployments(context.deploymentsFile);
    const auth = { authorization: `Bearer ${await signInToApi(api, user, chainId)}` };
    if (!(await waitForDemoBalance(api, auth))) {
      context.log('audits: the demo user has no balance yet; no greedy traffic this time');
      return;
    }
    if (!(await waitForNodes(api, context.nodeIds.length))) {
      context.log('audits: the far-nodes did not all join within a minute; no greedy traffic this time');
      return;
    }
    const { answered, refused } = await sendGreedyTraffic(api, auth);
    const stopped = refused === undefined ? '' : ` (stopped at a refusal: ${refused})`;
    context.log(
      `audits: ${answered} greedy completions answered${stopped}; canaries follow within seconds (GET ${api}/api/nodes/${context.nodeIds[0]}/audits)`,
    );
  },
};
