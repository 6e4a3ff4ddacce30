import { devAccount, readDeployments } from '@far/contracts';
import type { DemoSeed } from './DemoSeed.js';
import { signInToApi } from './gamed/signInToApi.js';
import { waitForDemoBalance } from './waitForDemoBalance.js';

/** Dev account #2, the demo user (its escrow is funded at start by seedDevUser). */
const user = devAccount(2);
const DEMO_TAG = 'far-labs-demo';
const topics = ['the sea', 'a lighthouse', 'the harbour', 'rain', 'the river', 'a boat', 'the town', 'night'];

/**
 * Far Inference's Batch API demo: one small batch of chat requests for the demo user (#2), so the
 * inference page's Batches section shows a finished batch with results to download. Made once
 * (found again by its metadata); it runs at the batch discount on the local far-demo node.
 */
export const batchDemoSeed: DemoSeed = {
  service: 'batches',
  async seed(context) {
    const api = context.urls.api;
    const { chainId } = await readDeployments(context.deploymentsFile);
    const auth = { authorization: `Bearer ${await signInToApi(api, user, chainId)}` };
    const listed = (await (await fetch(`${api}/v1/batches?limit=100`, { headers: auth })).json()) as {
      data: { metadata: Record<string, string> | null }[];
    };
    if (listed.data.some((b) => b.metadata?.demo === DEMO_TAG)) return;
    if (!(await waitForDemoBalance(api, auth))) {
      context.log('batches: the demo user has no balance yet; no demo batch this time');
      return;
    }
    const lines = topics.map((topic, i) =>
      JSON.stringify({
        custom_id: `demo-${i + 1}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: {
          model: 'far-demo',
          messages: [{ role: 'user', content: `Write a line about ${topic}.` }],
          max_tokens: 24,
        },
      }),
    );
    const form = new FormData();
    form.set('purpose', 'batch');
    form.set('file', new File([`${lines.join('\n')}\n`], 'demo-batch.jsonl'));
    const uploaded = await fetch(`${api}/v1/files`, { method: 'POST', headers: auth, body: form });
    if (!uploaded.ok) throw new Error(`uploading the demo batch file failed: ${await uploaded.text()}`);
    const file = (await uploaded.json()) as { id: string };
    const created = await fetch(`${api}/v1/batches`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata: { demo: DEMO_TAG },
      }),
    });
    if (!created.ok) throw new Error(`creating the demo batch failed: ${await created.text()}`);
    context.log(`batches: submitted a demo batch of ${lines.length} requests for ${user.address}`);
  },
};
