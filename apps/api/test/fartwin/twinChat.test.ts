import {
  fartwinCharges,
  fartwinConversations,
  fartwinMemories,
  fartwinMessages,
  revenueStreams,
} from '@far/db';
import { count, eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessBus } from '../../src/bus/createInProcessBus.js';
import { creditDeposit } from '../../src/ledger/creditDeposit.js';
import { getAccountBalance } from '../../src/ledger/getAccountBalance.js';
import { getBalances } from '../../src/ledger/getBalances.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { countPromptTokens } from '../../src/services/inference/countPromptTokens.js';
import { tokensCostWei } from '../../src/services/inference/priceTokens.js';
import type { createTestApp } from '../support/createTestApp.js';
import { createTwinChatTestApp } from '../support/createTwinChatTestApp.js';
import { FAR_DEMO_USD_PER_1M } from '../support/farDemoModel.js';
import { fartwinDocumentSet } from '../support/fartwinDocuments.js';
import type { scriptedTwinNode } from '../support/scriptedTwinNode.js';
import { signIn } from '../support/signIn.js';

const PRICE = 10_000_000n; // $0.10 per FAR, 8 decimals
const FEE = 3n * 10n ** 18n + 7n; // per million tokens: an odd fee, so rounding shows
const ANSWER = ['Tomatoes', ' are', ' watered', ' at', ' dawn', ' [1].'];
const logger = createLogger('silent');
const bus = createInProcessBus();

let t: Awaited<ReturnType<typeof createTestApp>>;
let node: ReturnType<typeof scriptedTwinNode>;
let owner: Awaited<ReturnType<typeof signIn>>;
let caller: Awaited<ReturnType<typeof signIn>>;

const json = (token: string, method: string, path: string, body?: unknown) =>
  t.app.request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const openai = (token: string, headers: Record<string, string> = {}) =>
  new OpenAI({
    apiKey: token,
    baseURL: 'http://api.test/v1',
    defaultHeaders: headers,
    fetch: (async (url: string | URL | Request, init?: RequestInit) =>
      t.app.request(String(url), init)) as never,
  });

beforeAll(async () => {
  ({ t, node } = await createTwinChatTestApp({ price: PRICE, answer: ANSWER, logger, bus }));
  owner = await signIn(t.app);
  caller = await signIn(t.app);
  await creditDeposit(t.db, {
    userId: caller.user.id,
    amount: 10n ** 21n,
    idempotencyKey: `dep:${caller.user.id}`,
  });
  const twin = {
    handle: 'gardener',
    name: 'Gardener',
    persona: 'A gardener who answers briefly.',
    baseModel: 'far-demo',
    visibility: 'public',
    creatorFeeWeiPerMillion: FEE.toString(),
  };
  expect((await json(owner.accessToken, 'POST', '/api/fartwin/twins', twin)).status).toBe(201);
  const form = new FormData();
  const doc = fartwinDocumentSet[0];
  form.set('file', new File([doc.text], doc.name, { type: doc.type }));
  const uploaded = await t.app.request('/api/fartwin/twins/gardener/documents', {
    method: 'POST',
    headers: { authorization: `Bearer ${owner.accessToken}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
});
afterAll(async () => {
  await bus.close();
  await t.close();
});

const question = 'When should the tomatoes get water?';

describe('chat with a twin through /v1/chat/completions', () => {
  it('answers the official openai client, cites the passage, and charges base price + fee exactly, split in the same posting', async () => {
    const before = await getBalances(t.db, caller.user.id);
    const completion = (await openai(caller.accessToken).chat.completions.create({
      model: 'twin:gardener',
      messages: [{ role: 'user', content: question }],
      max_tokens: 32,
    })) as unknown as {
      model: string;
      choices: { message: { content: string } }[];
      usage: { prompt_tokens: number; completion_tokens: number };
      citations: { title: string; excerpt: string }[];
      far: {
        task_id: string;
        cost_far_wei: string;
        inference_cost_far_wei: string;
        creator_fee_wei: Record<string, string>;
      };
      twin: { conversation_id: string };
    };
    expect(completion.model).toBe('twin:gardener');
    expect(completion.choices[0]?.message.content).toBe(ANSWER.join(''));
    expect(completion.citations[0]).toMatchObject({ title: 'garden.md' });
    expect(completion.citations[0]?.excerpt).toContain('watered at dawn');

    // The node got the composed prompt: persona first, the passage fenced, the question last.
    const sent = node.requests.at(-1);
    expect(sent?.model).toBe('far-demo');
    expect(sent?.messages?.[0]?.content).toMatch(/^You are Gardener \(twin:gardener\)\. Persona: A gardener/);
    expect(sent?.messages?.at(-1)).toEqual({ role: 'user', content: question });

    const tokens = countPromptTokens({ messages: sent?.messages ?? [] }) + ANSWER.length;
    expect(completion.usage.prompt_tokens + completion.usage.completion_tokens).toBe(tokens);
    const base = tokensCostWei(tokens, FAR_DEMO_USD_PER_1M, PRICE);
    const fee = (BigInt(tokens) * FEE + 999_999n) / 1_000_000n;
    const creator = (fee * 7_000n) / 10_000n;
    const stakers = (fee * 2_000n) / 10_000n;
    expect(completion.far.inference_cost_far_wei).toBe(base.toString());
    expect(completion.far.cost_far_wei).toBe((base + fee).toString());
    expect(completion.far.creator_fee_wei).toEqual({
      total: fee.toString(),
      creator: creator.toString(),
      stakers: stakers.toString(),
      treasury: (fee - creator - stakers).toString(),
    });
    const after = await getBalances(t.db, caller.user.id);
    expect(before.available - after.available).toBe(base + fee);
    expect(after.reserved).toBe(0n);
    expect(await getAccountBalance(t.db, { kind: 'creator_earnings', userId: owner.user.id })).toBe(creator);
    const [charge] = await t.db
      .select()
      .from(fartwinCharges)
      .where(eq(fartwinCharges.taskId, completion.far.task_id));
    expect(charge).toMatchObject({ feeFarWei: fee, creatorShareWei: creator, handle: 'gardener' });
    const revenue = await t.db
      .select()
      .from(revenueStreams)
      .where(eq(revenueStreams.taskId, completion.far.task_id));
    expect(revenue.filter((r) => r.service === 'fartwin')).toEqual([
      expect.objectContaining({
        streamType: 'fartwin_creator',
        userId: owner.user.id,
        amountFarWei: creator,
      }),
    ]);
  });

  it('streams with the openai client, the last chunk carrying usage, cost and citations', async () => {
    const stream = await openai(caller.accessToken).chat.completions.create({
      model: 'twin:gardener',
      messages: [{ role: 'user', content: question }],
      max_tokens: 32,
      stream: true,
    });
    let text = '';
    let last: Record<string, unknown> = {};
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      last = chunk as unknown as Record<string, unknown>;
    }
    expect(text).toBe(ANSWER.join(''));
    expect(last).toMatchObject({
      model: 'twin:gardener',
      citations: [expect.objectContaining({ title: 'garden.md' })],
    });
    expect((last.far as { creator_fee_wei: { total: string } }).creator_fee_wei.total).not.toBe('0');
  });

  it('charges the fee the twin had when the chat was admitted, even if the owner changes it mid-stream', async () => {
    const stream = await openai(caller.accessToken).chat.completions.create({
      model: 'twin:gardener',
      messages: [{ role: 'user', content: question }],
      max_tokens: 32,
      stream: true,
    });
    let last: Record<string, unknown> = {};
    let changed = false;
    for await (const chunk of stream) {
      if (!changed) {
        changed = true;
        const raised = await json(owner.accessToken, 'PATCH', '/api/fartwin/twins/gardener', {
          creatorFeeWeiPerMillion: (FEE * 100n).toString(),
        });
        expect(raised.status).toBe(200);
      }
      last = chunk as unknown as Record<string, unknown>;
    }
    const far = last.far as { task_id: string; creator_fee_wei: { total: string } };
    const [charge] = await t.db.select().from(fartwinCharges).where(eq(fartwinCharges.taskId, far.task_id));
    expect(charge?.feeWeiPerMillion).toBe(FEE);
    expect(BigInt(far.creator_fee_wei.total)).toBe(
      (BigInt(charge?.tokens ?? 0) * FEE + 999_999n) / 1_000_000n,
    );
    await json(owner.accessToken, 'PATCH', '/api/fartwin/twins/gardener', {
      creatorFeeWeiPerMillion: FEE.toString(),
    });
  });

  it("answers 404 for someone else's private twin, and the owner chats with their own free of fee", async () => {
    await json(owner.accessToken, 'POST', '/api/fartwin/twins', {
      handle: 'diary',
      name: 'Diary',
      persona: 'A private diary.',
      baseModel: 'far-demo',
    });
    const refused = await json(caller.accessToken, 'POST', '/v1/chat/completions', {
      model: 'twin:diary',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(refused.status).toBe(404);
    await creditDeposit(t.db, {
      userId: owner.user.id,
      amount: 10n ** 20n,
      idempotencyKey: `dep:${owner.user.id}`,
    });
    const own = await json(owner.accessToken, 'POST', '/v1/chat/completions', {
      model: 'twin:gardener',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { far: Record<string, unknown> }).far.creator_fee_wei).toBeUndefined();
  });

  it('keeps the turn in a conversation, injects memories, and deleting the conversation deletes its messages', async () => {
    const saved = await json(caller.accessToken, 'POST', '/api/fartwin/twins/gardener/memories', {
      content: 'Grows tomatoes on a balcony',
    });
    expect(saved.status).toBe(201);
    const response = await json(caller.accessToken, 'POST', '/v1/chat/completions', {
      model: 'twin:gardener',
      messages: [{ role: 'user', content: question }],
    });
    const { twin } = (await response.json()) as { twin: { conversation_id: string } };
    expect(node.requests.at(-1)?.messages?.[1]?.content).toContain('- Grows tomatoes on a balcony');
    const conversation = await json(
      caller.accessToken,
      'GET',
      `/api/fartwin/conversations/${twin.conversation_id}`,
    );
    const body = (await conversation.json()) as {
      messages: { role: string; content: string; citations: unknown[] }[];
    };
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(body.messages[1]?.citations.length).toBeGreaterThan(0);
    const messages = async () =>
      (
        await t.db
          .select({ n: count() })
          .from(fartwinMessages)
          .where(eq(fartwinMessages.conversationId, twin.conversation_id))
      )[0]?.n;
    expect(await messages()).toBe(2);
    expect(
      (await json(caller.accessToken, 'DELETE', `/api/fartwin/conversations/${twin.conversation_id}`)).status,
    ).toBe(204);
    expect(await messages()).toBe(0);
    expect(
      (await json(owner.accessToken, 'DELETE', `/api/fartwin/conversations/${twin.conversation_id}`)).status,
    ).toBe(404);
  });

  it('deleting the twin deletes every conversation, message, memory and chunk of it but keeps the fee records', async () => {
    const rows = async () => ({
      conversations: (await t.db.select({ n: count() }).from(fartwinConversations))[0]?.n,
      messages: (await t.db.select({ n: count() }).from(fartwinMessages))[0]?.n,
      memories: (await t.db.select({ n: count() }).from(fartwinMemories))[0]?.n,
      charges: (await t.db.select({ n: count() }).from(fartwinCharges))[0]?.n,
    });
    const before = await rows();
    expect(before.conversations).toBeGreaterThan(0);
    expect(before.memories).toBe(1);
    expect((await json(owner.accessToken, 'DELETE', '/api/fartwin/twins/gardener')).status).toBe(204);
    expect(await rows()).toEqual({ conversations: 0, messages: 0, memories: 0, charges: before.charges });
  });
});
