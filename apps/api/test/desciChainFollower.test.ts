import {
  createTestDb,
  desciChainBackings,
  desciChainDecisions,
  desciChainEvents,
  desciChainMilestones,
  desciChainProposals,
  desciChainPublications,
  revenueStreams,
  type TestDbHandle,
  testDrivers,
} from '@far/db';
import { eq } from 'drizzle-orm';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessBus } from '../src/bus/createInProcessBus.js';
import { createLogger } from '../src/observability/createLogger.js';
import { createDesciChainFollower } from '../src/services/desci/chain/createDesciChainFollower.js';
import { summarizeDesciRevenue } from '../src/services/desci/chain/summarizeDesciRevenue.js';
import { DESCI_FUNDING_CHANNEL } from '../src/services/desci/desciFundingChannel.js';
import { createDesciTestbed, type DesciTestbed, demoMetadataJson } from './support/createDesciTestbed.js';

const logger = createLogger('silent');

describe.each(testDrivers())('desci chain follower on %s', (driver) => {
  let testDb: TestDbHandle;
  let bed: DesciTestbed;
  const bus = createInProcessBus();
  const published: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    bed = await createDesciTestbed();
    await bus.subscribe(DESCI_FUNDING_CHANNEL, (message) => {
      published.push(message as Record<string, unknown>);
    });
  });
  afterAll(async () => {
    await bus.close();
    await testDb.close();
  });

  const follower = () => {
    const { deployments } = bed;
    return createDesciChainFollower({
      db: testDb.db,
      publicClient: bed.chain.publicClient,
      bus,
      contracts: {
        researchEscrow: deployments.contracts.researchEscrow as `0x${string}`,
        publicationRegistry: deployments.contracts.publicationRegistry as `0x${string}`,
      },
      treasury: deployments.treasury,
      chainId: deployments.chainId,
      deployBlock: deployments.deployBlock,
      logger,
    });
  };

  it('mirrors funding, the k-of-n release with its fee split, the anchored deliverable, and announces each change', async () => {
    const { roles } = bed;
    const escrow = bed.escrow.toLowerCase();
    const id = await bed.openProposal(demoMetadataJson());
    await bed.fund(roles.backers[0], id, parseEther('30'));
    await bed.fund(roles.backers[1], id, parseEther('70'));
    const sync = follower();
    expect((await sync.syncOnce()).applied).toBeGreaterThan(0);

    const [funded] = await testDb.db
      .select()
      .from(desciChainProposals)
      .where(eq(desciChainProposals.escrowAddress, escrow));
    expect(funded).toMatchObject({
      proposalId: id,
      researcherAddress: roles.researcher.toLowerCase(),
      status: 'funded',
      goalWei: parseEther('100'),
      raisedWei: parseEther('100'),
      backerCount: 2,
      milestoneCount: 2,
      threshold: 2,
      reviewers: roles.reviewers.map((r) => r.toLowerCase()),
    });
    const backings = await testDb.db
      .select()
      .from(desciChainBackings)
      .where(eq(desciChainBackings.escrowAddress, escrow));
    expect(backings.map((b) => b.contributedWei).sort()).toEqual([parseEther('30'), parseEther('70')].sort());
    expect(published.at(-1)).toMatchObject({
      status: 'funded',
      raisedWei: parseEther('100').toString(),
      cause: 'ProposalFunded',
    });

    const deliverable = await bed.submitDeliverable(id, 0, 'pilot report v1');
    const signatures = [
      await bed.signReview(roles.reviewers[2], {
        proposalId: id,
        milestoneIndex: 0,
        deliverableHash: deliverable,
        approved: true,
      }),
      await bed.signReview(roles.reviewers[0], {
        proposalId: id,
        milestoneIndex: 0,
        deliverableHash: deliverable,
        approved: true,
      }),
    ];
    await bed.release(roles.outsider, id, 0, signatures);
    await sync.syncOnce();

    const [milestone] = await testDb.db
      .select()
      .from(desciChainMilestones)
      .where(eq(desciChainMilestones.milestoneIndex, 0));
    // 40 FAR released: 5 % fee, half of it to stakers.
    expect(milestone).toMatchObject({
      status: 'released',
      deliverableHash: deliverable,
      researcherAmountWei: parseEther('38'),
      stakersShareWei: parseEther('1'),
      treasuryShareWei: parseEther('1'),
    });
    const decisions = await testDb.db.select().from(desciChainDecisions);
    expect(decisions.map((d) => [d.reviewerAddress, d.approved]).sort()).toEqual(
      [
        [roles.reviewers[0].toLowerCase(), true],
        [roles.reviewers[2].toLowerCase(), true],
      ].sort(),
    );
    const [publication] = await testDb.db.select().from(desciChainPublications);
    expect(publication).toMatchObject({
      documentHash: deliverable,
      anchorerAddress: roles.researcher.toLowerCase(),
      recorderAddress: escrow,
    });
    const revenue = await testDb.db.select().from(revenueStreams).where(eq(revenueStreams.service, 'desci'));
    expect(revenue.map((r) => [r.streamType, r.amountFarWei]).sort()).toEqual(
      [
        ['desci_researcher', parseEther('38')],
        ['desci_treasury', parseEther('1')],
      ].sort(),
    );
    expect(await summarizeDesciRevenue(testDb.db, null)).toEqual({
      revenueFarWei: parseEther('2'),
      stakersFarWei: parseEther('1'),
    });
    const [afterRelease] = await testDb.db.select().from(desciChainProposals);
    expect(afterRelease).toMatchObject({ releasedWei: parseEther('40'), currentMilestone: 1 });
    expect(published.at(-1)).toMatchObject({
      releasedWei: parseEther('40').toString(),
      cause: 'MilestoneReleased',
    });

    // A second follower (another replica, or a restart) finds nothing left to apply.
    expect((await follower().syncOnce()).applied).toBe(0);
  });

  it('rebuilds the mirror when the chain forgets blocks it had indexed (a reorg or a fresh chain)', async () => {
    const { roles } = bed;
    const escrow = bed.escrow.toLowerCase();
    const sync = follower();
    await sync.syncOnce();
    const snapshot = await bed.chain.snapshot();
    const id = await bed.openProposal(demoMetadataJson('A proposal the chain will forget'));
    await bed.fund(roles.backers[0], id, parseEther('5'));
    await sync.syncOnce();
    expect(
      await testDb.db.select().from(desciChainProposals).where(eq(desciChainProposals.proposalId, id)),
    ).toHaveLength(1);

    await bed.chain.revert(snapshot);
    // The new history: other blocks at the same heights and beyond, without that proposal. The
    // follower notices when the next block it reads is not the child of the one it indexed.
    await bed.chain.testClient.mine({ blocks: 5 });
    const outcome = await sync.syncOnce();
    expect(outcome.rewound).toBe(true);
    expect(
      await testDb.db.select().from(desciChainProposals).where(eq(desciChainProposals.proposalId, id)),
    ).toHaveLength(0);
    const history = await testDb.db
      .select()
      .from(desciChainEvents)
      .where(eq(desciChainEvents.escrowAddress, escrow));
    expect(history.some((event) => event.proposalId === id)).toBe(false);
    // What the chain still holds (the first test's proposal and its release) is there again.
    const [kept] = await testDb.db
      .select()
      .from(desciChainProposals)
      .where(eq(desciChainProposals.escrowAddress, escrow));
    expect(kept).toMatchObject({ releasedWei: parseEther('40'), status: 'funded' });
  });
});
