import { farTokenAbi, researchEscrowAbi } from '@far/contracts';
import { users } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { type Address, type Hex, numberToHex, parseEther, toFunctionSelector } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessBus } from '../src/bus/createInProcessBus.js';
import { toErrorResponse } from '../src/errors/toErrorResponse.js';
import { createLogger } from '../src/observability/createLogger.js';
import { SECP256K1_HALF_ORDER } from '../src/services/desci/assertCanonicalSignature.js';
import {
  createDesciChainFollower,
  type DesciChainFollower,
} from '../src/services/desci/chain/createDesciChainFollower.js';
import { desciEscrowOf } from '../src/services/desci/DesciEscrow.js';
import { publishDesciFunding } from '../src/services/desci/desciFundingChannel.js';
import { desciRoutes } from '../src/services/desci/desciRoutes.js';
import { readEscrowProposal } from '../src/services/desci/readEscrowProposal.js';
import { createDesciTestbed, type DesciTestbed, demoMetadataJson } from './support/createDesciTestbed.js';

let database: TestDbHandle;
let bed: DesciTestbed;
let app: ReturnType<typeof desciRoutes>;
const bus = createInProcessBus();
const userIds = new Map<string, string>();
let follower: DesciChainFollower;

/** The routes serve the follower's mirror: each chain change is applied before it is read. */
async function mirror() {
  await follower.syncOnce();
}

beforeAll(async () => {
  database = await createTestDb();
  bed = await createDesciTestbed();
  const wallets = [bed.roles.researcher, ...bed.roles.reviewers, ...bed.roles.backers, bed.roles.outsider];
  const rows = await database.db
    .insert(users)
    .values(wallets.map((wallet) => ({ walletAddress: wallet.toLowerCase() })))
    .returning();
  for (const row of rows) userIds.set(row.walletAddress, row.id);
  app = desciRoutes({
    db: database.db,
    chain: bed.chain.publicClient as never,
    bus,
    escrowOf: desciEscrowOf(bed.deployments),
    // The signed-in wallet, as the core's requireCaller would set it from an access token.
    requireCaller: async (c, next) => {
      const wallet = c.req.header('x-test-wallet')?.toLowerCase() ?? '';
      const userId = userIds.get(wallet);
      if (!userId) return c.json({ error: { code: 'unauthorized', message: 'sign in' } }, 401);
      c.set('caller', { userId, walletAddress: wallet as Address });
      await next();
    },
  });
  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    return c.json(body, status as never);
  });
  const { contracts } = bed.deployments;
  follower = createDesciChainFollower({
    db: database.db,
    publicClient: bed.chain.publicClient as never,
    // Its own bus: the live-stream test below listens for the messages it publishes itself.
    bus: createInProcessBus(),
    contracts: {
      researchEscrow: contracts.researchEscrow as Address,
      publicationRegistry: contracts.publicationRegistry as Address,
    },
    treasury: bed.deployments.treasury,
    chainId: bed.chainId,
    deployBlock: bed.deployments.deployBlock,
    logger: createLogger('silent'),
  });
}, 120_000);

afterAll(async () => {
  await database?.close();
});

function as(wallet: Address, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: { 'content-type': 'application/json', 'x-test-wallet': wallet },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The malleable twin of a signature: s → n − s with v flipped still recovers the same signer (EIP-2). */
function highS(signature: Hex): Hex {
  const order = SECP256K1_HALF_ORDER * 2n + 1n;
  const s = BigInt(`0x${signature.slice(66, 130)}`);
  const v = signature.slice(130, 132) === '1b' ? '1c' : '1b';
  return `${signature.slice(0, 66)}${numberToHex(order - s, { size: 32 }).slice(2)}${v}` as Hex;
}

async function errorCode(response: Response) {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

type Milestone = {
  status: string;
  deliverableHash: string | null;
  deliverableUri: string | null;
  overdueAt: string;
  settlement: { transactionHash: string; signers: string[] } | null;
  reviewCount: number;
  approvals: number | null;
  outcome: string;
  reviews: { reviewer: string; decision: string | null; body: string | null }[];
};

async function readProposal(proposalId: bigint) {
  const response = await app.request(`/api/desci/proposals/${proposalId}`);
  expect(response.status).toBe(200);
  return (await response.json()) as {
    raisedWei: string;
    releasedWei: string;
    goalWei: string;
    status: string;
    deadline: string;
    currentMilestone: number;
    reviewers: string[];
    backers: { backer: string; givenWei: string; contributionWei: string; refundableWei: string }[];
    milestones: Milestone[];
    comments: { author: string; body: string }[];
  };
}

describe('Far DeSci routes', () => {
  let proposalId: bigint;
  let deliverableHash: Hex;
  const metadataJson = demoMetadataJson();

  it('publishes a page only for the on-chain researcher and the committed document', async () => {
    proposalId = await bed.openProposal(metadataJson);
    const path = '/api/desci/proposals';
    const page = { proposalId: proposalId.toString(), metadataJson };
    expect((await as(bed.roles.outsider, 'POST', path, page)).status).toBe(403);
    const altered = { ...page, metadataJson: metadataJson.replace('Sleep', 'Deep sleep') };
    const refused = await as(bed.roles.researcher, 'POST', path, altered);
    expect(refused.status).toBe(422);
    expect(await errorCode(refused)).toBe('validation_failed');
    const unknown = await as(bed.roles.researcher, 'POST', path, { ...page, proposalId: '999' });
    expect(unknown.status).toBe(404);
    expect((await as(bed.roles.researcher, 'POST', path, page)).status).toBe(201);
    expect((await as(bed.roles.researcher, 'POST', path, page)).status).toBe(409);

    const list = await app.request('/api/desci/proposals?q=spindles&field=Neuroscience');
    const { data } = (await list.json()) as {
      data: { proposalId: string; status: string; goalWei: string }[];
    };
    expect(data).toEqual([
      expect.objectContaining({
        proposalId: proposalId.toString(),
        status: 'funding',
        goalWei: parseEther('100').toString(),
      }),
    ]);
    const none = (await (await app.request('/api/desci/proposals?q=quasar')).json()) as { data: unknown[] };
    expect(none.data).toEqual([]);

    // The page was published before the follower saw the proposal (read from the escrow above); once
    // mirrored, discovery serves the mirror and says the same.
    await mirror();
    const mirrored = (await (await app.request('/api/desci/proposals?q=spindles')).json()) as {
      data: unknown[];
    };
    expect(mirrored.data).toEqual(data);
  });

  it('serves backers and funding progress from the mirror, as the escrow holds them once the follower applied the funding', async () => {
    await bed.fund(bed.roles.backers[0], proposalId, parseEther('30'));
    await bed.fund(bed.roles.backers[1], proposalId, parseEther('70'));
    // Not read from the chain per request: until the follower applies the backings, nothing moved.
    const stale = await readProposal(proposalId);
    expect(stale).toMatchObject({ status: 'funding', raisedWei: '0', backers: [] });

    await mirror();
    const proposal = await readProposal(proposalId);
    const onChain = await readEscrowProposal(bed.chain.publicClient as never, bed.escrow, proposalId);
    expect(proposal).toMatchObject({
      status: onChain.status,
      raisedWei: onChain.raisedWei.toString(),
      goalWei: onChain.goalWei.toString(),
      releasedWei: onChain.releasedWei.toString(),
      deadline: new Date(onChain.deadline * 1000).toISOString(),
      currentMilestone: onChain.currentMilestone,
      reviewers: onChain.reviewers,
    });
    expect(proposal.status).toBe('funded');
    expect(proposal.milestones.map((m) => m.status)).toEqual(onChain.milestones.map((m) => m.status));
    expect(proposal.milestones[0]?.overdueAt).toBe(
      new Date((onChain.milestones[0]?.dueDate ?? 0) * 1000 + onChain.gracePeriod * 1000).toISOString(),
    );
    const given = (wei: string) => ({ givenWei: wei, contributionWei: wei, refundableWei: '0' });
    expect(proposal.backers).toEqual([
      { backer: bed.roles.backers[1], ...given(parseEther('70').toString()) },
      { backer: bed.roles.backers[0], ...given(parseEther('30').toString()) },
    ]);
  });

  it('attributes comments to the signed-in wallet and bounds their length', async () => {
    const path = `/api/desci/proposals/${proposalId}/comments`;
    const posted = await as(bed.roles.backers[0], 'POST', path, { body: 'Will the data be open?' });
    expect(posted.status).toBe(201);
    expect(((await posted.json()) as { author: string }).author).toBe(bed.roles.backers[0]);
    expect((await as(bed.roles.backers[0], 'POST', path, { body: 'x'.repeat(2_001) })).status).toBe(422);
    expect((await as(bed.roles.backers[0], 'POST', path, { body: '   ' })).status).toBe(422);
    expect(
      (await as(bed.roles.backers[0], 'POST', '/api/desci/proposals/999/comments', { body: 'hi' })).status,
    ).toBe(404);
    expect((await app.request(path, { method: 'POST', body: '{}' })).status).toBe(401);
    const { comments } = await readProposal(proposalId);
    expect(comments).toEqual([
      expect.objectContaining({ author: bed.roles.backers[0], body: 'Will the data be open?' }),
    ]);
  });

  it('queues the submitted deliverable for each reviewer until they decide', async () => {
    deliverableHash = await bed.submitDeliverable(proposalId, 0, 'pilot report, version 1');
    await mirror();
    for (const reviewer of bed.roles.reviewers) {
      const queue = await as(reviewer, 'GET', '/api/desci/reviews/queue');
      const { data } = (await queue.json()) as { data: { proposalId: string; deliverableHash: string }[] };
      expect(data).toEqual([expect.objectContaining({ proposalId: proposalId.toString(), deliverableHash })]);
    }
    const outsider = (await (await as(bed.roles.outsider, 'GET', '/api/desci/reviews/queue')).json()) as {
      data: unknown[];
    };
    expect(outsider.data).toEqual([]);
    const { milestones } = await readProposal(proposalId);
    expect(milestones[0]).toMatchObject({
      status: 'submitted',
      deliverableHash,
      deliverableUri: 'https://example.org/pilot.pdf',
      settlement: null,
    });
  });

  it('refuses the high-s twin of a reviewer’s own signature, as the escrow’s ECDSA does', async () => {
    const [first, second] = bed.roles.reviewers;
    const message = { proposalId, milestoneIndex: 0, deliverableHash, approved: true };
    const twin = highS(await bed.signReview(first, message));
    const response = await as(first, 'POST', `/api/desci/proposals/${proposalId}/milestones/0/reviews`, {
      approved: true,
      body: 'Looks good',
      signature: twin,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 'invalid_signature', details: { reason: 'signature_s_too_high' } },
    });
    // The escrow refuses the same signature beside a valid one, so storing it would only block a release.
    const release = bed.chain.publicClient.simulateContract({
      account: bed.roles.outsider,
      address: bed.escrow,
      abi: researchEscrowAbi,
      functionName: 'releaseMilestone',
      args: [proposalId, 0n, [twin, await bed.signReview(second, message)]],
    });
    // Hardhat names the error only when it holds the compiled artifacts (in a fresh clone it may not
    // yet); otherwise its message carries the raw revert data, which starts with the error's selector.
    const invalidSignature = toFunctionSelector('InvalidSignature(uint256)');
    await expect(release).rejects.toThrow(new RegExp(`InvalidSignature|${invalidSignature}`));
  });

  it('refuses signatures that are not the reviewer’s decision on this deliverable under this escrow', async () => {
    const [first] = bed.roles.reviewers;
    const path = `/api/desci/proposals/${proposalId}/milestones/0/reviews`;
    const message = { proposalId, milestoneIndex: 0, deliverableHash, approved: true };
    const cases: Hex[] = [
      await bed.signReview(first, { ...message, approved: false }),
      await bed.signReview(first, { ...message, proposalId: proposalId + 1n }),
      await bed.signReview(first, { ...message, deliverableHash: `0x${'11'.repeat(32)}` }),
      await bed.signReview(first, message, { chainId: bed.chainId + 1 }),
      await bed.signReview(first, message, { escrow: bed.deployments.contracts.farToken }),
      await bed.signReview(bed.roles.reviewers[1], message),
    ];
    for (const signature of cases) {
      const response = await as(first, 'POST', path, { approved: true, body: 'Looks good', signature });
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe('invalid_signature');
    }
    const outsiderSignature = await bed.signReview(bed.roles.outsider, message);
    const outsider = await as(bed.roles.outsider, 'POST', path, {
      approved: true,
      body: 'x',
      signature: outsiderSignature,
    });
    expect(outsider.status).toBe(403);
    const wrongMilestone = await as(
      first,
      'POST',
      `/api/desci/proposals/${proposalId}/milestones/1/reviews`,
      {
        approved: true,
        body: 'x',
        signature: await bed.signReview(first, { ...message, milestoneIndex: 1 }),
      },
    );
    expect(wrongMilestone.status).toBe(409);
  });

  it('keeps review text private until k reviewers decide, then hands out the k signatures that release the milestone', async () => {
    const [first, second, third] = bed.roles.reviewers;
    const path = `/api/desci/proposals/${proposalId}/milestones/0/reviews`;
    const message = { proposalId, milestoneIndex: 0, deliverableHash, approved: true };
    const firstReview = await as(first, 'POST', path, {
      approved: true,
      body: 'Protocol is sound; pilot data look clean.',
      signature: await bed.signReview(first, message),
    });
    expect(firstReview.status).toBe(201);
    expect(await firstReview.json()).toMatchObject({
      reviewer: first,
      decision: 'approve',
      outcome: 'pending',
    });
    const again = await as(first, 'POST', path, {
      approved: true,
      body: 'Twice',
      signature: await bed.signReview(first, message),
    });
    expect(again.status).toBe(409);

    const pending = (await readProposal(proposalId)).milestones[0];
    expect(pending).toMatchObject({
      status: 'submitted',
      reviewCount: 1,
      approvals: null,
      outcome: 'pending',
    });
    expect(pending?.reviews).toEqual([
      expect.objectContaining({ reviewer: first, decision: null, body: null }),
    ]);
    const early = await app.request(`/api/desci/proposals/${proposalId}/milestones/0/signatures`);
    expect(early.status).toBe(409);
    const firstQueue = (await (await as(first, 'GET', '/api/desci/reviews/queue')).json()) as {
      data: unknown[];
    };
    expect(firstQueue.data).toEqual([]);

    const second_ = await as(second, 'POST', path, {
      approved: true,
      body: 'Agree; release the pilot funds.',
      signature: await bed.signReview(second, message),
    });
    expect(await second_.json()).toMatchObject({ outcome: 'approved' });
    const decided = (await readProposal(proposalId)).milestones[0];
    expect(decided).toMatchObject({ approvals: 2, outcome: 'approved' });
    expect(decided?.reviews.map((review) => review.body)).toEqual([
      'Protocol is sound; pilot data look clean.',
      'Agree; release the pilot funds.',
    ]);

    const collected = await app.request(`/api/desci/proposals/${proposalId}/milestones/0/signatures`);
    const { call, signatures } = (await collected.json()) as {
      call: string;
      signatures: { reviewer: string; signature: Hex }[];
    };
    expect(call).toBe('releaseMilestone');
    expect(signatures.map((s) => s.reviewer)).toEqual([first, second]);
    const receipt = await bed.release(
      third,
      proposalId,
      0,
      signatures.map((s) => s.signature),
    );
    await mirror();
    const released = await readProposal(proposalId);
    expect(released.milestones[0]).toMatchObject({
      status: 'released',
      settlement: { transactionHash: receipt.transactionHash },
    });
    expect(new Set(released.milestones[0]?.settlement?.signers)).toEqual(new Set([first, second]));
    expect(released.releasedWei).toBe(parseEther('40').toString());
    const thirdQueue = (await (await as(third, 'GET', '/api/desci/reviews/queue')).json()) as {
      data: unknown[];
    };
    expect(thirdQueue.data).toEqual([]);
  });

  it("streams a proposal's funding totals live, and only that proposal's", async () => {
    const response = await app.request(`/api/desci/proposals/${proposalId}/live`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = decoder.decode((await reader.read()).value);
    const totals = {
      escrowAddress: bed.escrow,
      status: 'funded',
      raisedWei: parseEther('100'),
      goalWei: parseEther('100'),
      releasedWei: parseEther('40'),
      refundedWei: 0n,
      cause: 'MilestoneReleased',
      at: new Date(),
    };
    await publishDesciFunding(bus, { ...totals, proposalId: proposalId + 1n, releasedWei: 1n });
    await publishDesciFunding(bus, { ...totals, proposalId });
    while (!received.includes('event: funding')) received += decoder.decode((await reader.read()).value);
    await reader.cancel();
    const data = JSON.parse(received.split('data: ')[1]?.split('\n')[0] ?? '{}') as Record<string, string>;
    expect(data).toMatchObject({
      proposalId: proposalId.toString(),
      releasedWei: parseEther('40').toString(),
    });
  });

  /** Opens a proposal and publishes its page; returns its id. */
  async function openWithPage(title: string) {
    const json = demoMetadataJson(title);
    const id = await bed.openProposal(json);
    const published = await as(bed.roles.researcher, 'POST', '/api/desci/proposals', {
      proposalId: id.toString(),
      metadataJson: json,
    });
    expect(published.status).toBe(201);
    return id;
  }

  /** Two of the three reviewers decide the submitted deliverable through the API; anyone settles it on chain. */
  async function decide(id: bigint, milestoneIndex: number, hash: Hex, approved: boolean) {
    await mirror();
    for (const reviewer of bed.roles.reviewers.slice(0, 2)) {
      const response = await as(
        reviewer,
        'POST',
        `/api/desci/proposals/${id}/milestones/${milestoneIndex}/reviews`,
        {
          approved,
          body: approved ? 'Delivered as planned.' : 'The data do not support the claim.',
          signature: await bed.signReview(reviewer, {
            proposalId: id,
            milestoneIndex,
            deliverableHash: hash,
            approved,
          }),
        },
      );
      expect(response.status).toBe(201);
    }
    const collected = await app.request(`/api/desci/proposals/${id}/milestones/${milestoneIndex}/signatures`);
    const { call, signatures } = (await collected.json()) as {
      call: string;
      signatures: { signature: Hex }[];
    };
    await bed.escrowCall(bed.roles.outsider, call, [
      id,
      BigInt(milestoneIndex),
      signatures.map((s) => s.signature),
    ]);
    await mirror();
  }

  it('after a rejection shows each backer the exact pro-rata refund the escrow pays, and zero once withdrawn', async () => {
    const id = await openWithPage('Rejected replication');
    const [small, large] = bed.roles.backers;
    // A third of the goal does not divide evenly: the shares must still sum to the remainder exactly.
    const third = parseEther('100') / 3n;
    await bed.fund(small, id, third);
    await bed.fund(large, id, parseEther('100') - third);
    await mirror();
    await decide(id, 0, await bed.submitDeliverable(id, 0, 'rejected pilot, released'), true);
    await decide(id, 1, await bed.submitDeliverable(id, 1, 'rejected full study'), false);

    const refundableOf = (backer: Address) =>
      bed.chain.publicClient.readContract({
        address: bed.escrow,
        abi: researchEscrowAbi,
        functionName: 'refundableOf',
        args: [id, backer],
      });
    const failed = await readProposal(id);
    expect(failed).toMatchObject({ status: 'failed', releasedWei: parseEther('40').toString() });
    expect(failed.milestones[1]).toMatchObject({ status: 'rejected', settlement: expect.anything() });
    for (const backer of failed.backers) {
      expect(backer.refundableWei).toBe((await refundableOf(backer.backer as Address)).toString());
    }

    const before = await bed.chain.publicClient.readContract({
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'balanceOf',
      args: [bed.escrow],
    });
    let paid = 0n;
    for (const backer of [small, large]) {
      const shown = (await readProposal(id)).backers.find((b) => b.backer === backer);
      expect(shown?.refundableWei).toBe((await refundableOf(backer)).toString());
      await bed.escrowCall(backer, 'withdrawRemainder', [id]);
      await mirror();
      paid += BigInt(shown?.refundableWei ?? '0');
      const after = (await readProposal(id)).backers.find((b) => b.backer === backer);
      expect(after).toMatchObject({ contributionWei: '0', refundableWei: '0' });
    }
    expect(paid).toBe(parseEther('60'));
    const after = await bed.chain.publicClient.readContract({
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'balanceOf',
      args: [bed.escrow],
    });
    expect(before - after).toBe(parseEther('60'));
  });

  it('shows a cancelled proposal’s backers their whole contribution to withdraw', async () => {
    const id = await openWithPage('Cancelled replication');
    await bed.fund(bed.roles.backers[0], id, parseEther('12'));
    await bed.escrowCall(bed.roles.researcher, 'cancelProposal', [id]);
    await mirror();
    const cancelled = await readProposal(id);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.backers).toEqual([
      expect.objectContaining({ backer: bed.roles.backers[0], refundableWei: parseEther('12').toString() }),
    ]);
  });
});
