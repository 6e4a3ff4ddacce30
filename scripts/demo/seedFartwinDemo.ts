import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devAccount, readDeployments } from '@far/contracts';
import type { DemoSeed } from './DemoSeed.js';
import { signInToApi } from './gamed/signInToApi.js';

/** Dev account #5 owns the demo twin (any dev account can; #5 also reviews on Far DeSci). */
const owner = devAccount(5);
const HANDLE = 'far-guide';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const twin = {
  handle: HANDLE,
  name: 'Far Guide',
  persona:
    'The guide to Far Labs: you explain how the platform works (Far Inference, the GPU network, FAR staking, the services) to newcomers, plainly and briefly, and point to the part of the docs you used.',
  greeting: 'Hi! Ask me anything about Far Labs: running a node, paying for inference, staking FAR.',
  baseModel: 'far-demo',
  visibility: 'public',
  category: 'docs',
  creatorFeeWeiPerMillion: '0',
};

/** The project's own documentation, read at seed time: the README and every docs/*.md. */
async function projectDocuments(): Promise<{ name: string; text: string }[]> {
  const docs = (await readdir(path.join(repoRoot, 'docs'))).filter((name) => name.endsWith('.md')).sort();
  const files = ['README.md', ...docs.map((name) => `docs/${name}`)];
  return Promise.all(
    files.map(async (name) => ({ name, text: await readFile(path.join(repoRoot, name), 'utf8') })),
  );
}

/**
 * FarTwin AI's demo: the public twin `twin:far-guide`, owned by dev account #5, on far-demo, whose
 * knowledge is the project's README and docs. Made once; a restart finds it and uploads only the
 * documents it does not hold yet (by file name), so `model: "twin:far-guide"` works at once.
 */
export const fartwinDemoSeed: DemoSeed = {
  service: 'fartwin',
  async seed(context) {
    const api = context.urls.api;
    const { chainId } = await readDeployments(context.deploymentsFile);
    const token = await signInToApi(api, owner, chainId);
    const auth = { authorization: `Bearer ${token}` };
    const existing = await fetch(`${api}/api/fartwin/twins/${HANDLE}`, { headers: auth });
    if (existing.status === 404) {
      const created = await fetch(`${api}/api/fartwin/twins`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(twin),
      });
      if (created.status !== 201) throw new Error(`creating twin:${HANDLE} failed: ${await created.text()}`);
      context.log(`fartwin: created twin:${HANDLE}`);
    } else if (!existing.ok) {
      throw new Error(`reading twin:${HANDLE} failed: ${existing.status} ${await existing.text()}`);
    }
    const listed = await fetch(`${api}/api/fartwin/twins/${HANDLE}/documents`, { headers: auth });
    const held = new Set(((await listed.json()) as { data: { title: string }[] }).data.map((d) => d.title));
    for (const document of await projectDocuments()) {
      if (held.has(document.name)) continue;
      const form = new FormData();
      form.set('file', new File([document.text], path.basename(document.name), { type: 'text/markdown' }));
      form.set('title', document.name);
      const uploaded = await fetch(`${api}/api/fartwin/twins/${HANDLE}/documents`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
      if (uploaded.status !== 201)
        throw new Error(`uploading ${document.name} failed: ${await uploaded.text()}`);
      context.log(`fartwin: twin:${HANDLE} learned ${document.name}`);
    }
  },
};
