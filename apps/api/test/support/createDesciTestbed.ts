import { createHash } from 'node:crypto';
import {
  type Deployments,
  deployContracts,
  devAccount,
  farTokenAbi,
  milestoneReviewPrimaryType,
  milestoneReviewTypes,
  researchEscrowAbi,
  researchEscrowDomain,
} from '@far/contracts';
import { createInProcessChain, type InProcessChain } from '@far/contracts/testing';
import { type Address, getAddress, type Hex, isAddressEqual, parseEther } from 'viem';
import { hashProposalMetadata } from '../../src/services/desci/proposalMetadata.js';

/** A two-milestone proposal page, as a researcher would write it. */
export function demoMetadataJson(title = 'Sleep spindles and memory consolidation') {
  return JSON.stringify({
    title,
    abstract: 'We test whether boosting sleep spindles with closed-loop audio improves next-day recall.',
    field: 'Neuroscience',
    team: [{ name: 'Dr. Ada Reyes', role: 'Principal investigator' }],
    budgetNarrative: 'EEG headsets, participant compensation and analysis time.',
    milestones: [
      { title: 'Pilot study', description: 'Ten participants, protocol validated.' },
      { title: 'Full study', description: 'Sixty participants, preregistered analysis.' },
    ],
  });
}

/**
 * Far DeSci's contracts on Hardhat's in-process chain, with the Hardhat accounts in the roles the demo
 * uses: 4 the researcher, 5–7 the review panel (k = 2), 8 and 9 backers, 10 an outsider; each holds FAR.
 * Helpers send the researcher's, backers' and reviewers' transactions and signatures for real.
 *
 * @returns the chain, a deployments record with the escrow and registry, the roles and helpers.
 */
export async function createDesciTestbed() {
  const chain = await createInProcessChain();
  const deployments = await deployWithServices(chain);
  const escrow = deployments.contracts.researchEscrow;
  if (!escrow) throw new Error('deployContracts did not deploy ResearchEscrow');
  const { chainId } = deployments;
  const deployer = chain.accounts[0] as Address;
  const account = (index: number) => getAddress(chain.accounts[index] as Address);
  const roles = {
    researcher: account(4),
    reviewers: [account(5), account(6), account(7)] as const,
    backers: [account(8), account(9)] as const,
    outsider: account(10),
  };
  const send = async (from: Address, request: Record<string, unknown>) => {
    const hash = await chain.walletFor(from).writeContract(request as never);
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };
  for (const holder of [roles.researcher, ...roles.backers, roles.outsider]) {
    await send(deployer, {
      address: deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'transfer',
      args: [holder, parseEther('10000')],
    });
  }
  const indexOf = (address: Address) => chain.accounts.findIndex((a) => isAddressEqual(a, address));
  return {
    chain,
    deployments,
    escrow,
    chainId,
    roles,
    /** The researcher opens a proposal of two milestones (40 + 60 FAR) with the panel and k = 2. */
    async openProposal(metadataJson: string) {
      const now = await chain.latestTimestamp();
      const deadline = now + 7n * 86_400n;
      await send(roles.researcher, {
        address: escrow,
        abi: researchEscrowAbi,
        functionName: 'openProposal',
        args: [
          parseEther('100'),
          deadline,
          [
            { amount: parseEther('40'), dueDate: deadline + 30n * 86_400n },
            { amount: parseEther('60'), dueDate: deadline + 90n * 86_400n },
          ],
          [...roles.reviewers],
          2n,
          hashProposalMetadata(metadataJson),
        ],
      });
      return chain.publicClient.readContract({
        address: escrow,
        abi: researchEscrowAbi,
        functionName: 'proposalCount',
      });
    },
    /** `backer` approves and funds `amount` wei. */
    async fund(backer: Address, proposalId: bigint, amount: bigint) {
      await send(backer, {
        address: deployments.contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [escrow, amount],
      });
      await send(backer, {
        address: escrow,
        abi: researchEscrowAbi,
        functionName: 'fund',
        args: [proposalId, amount],
      });
    },
    /** The researcher submits `document` as the milestone's deliverable; returns its SHA-256. */
    async submitDeliverable(proposalId: bigint, milestoneIndex: number, document: string): Promise<Hex> {
      const deliverableHash = `0x${createHash('sha256').update(document).digest('hex')}` as Hex;
      await send(roles.researcher, {
        address: escrow,
        abi: researchEscrowAbi,
        functionName: 'submitDeliverable',
        args: [
          proposalId,
          BigInt(milestoneIndex),
          deliverableHash,
          'Pilot report',
          'https://example.org/pilot.pdf',
        ],
      });
      return deliverableHash;
    },
    /** `reviewer` signs a MilestoneReview; `domain` overrides let a test sign for another escrow or chain. */
    signReview(
      reviewer: Address,
      message: { proposalId: bigint; milestoneIndex: number; deliverableHash: Hex; approved: boolean },
      domain: { chainId?: number; escrow?: Address } = {},
    ): Promise<Hex> {
      return devAccount(indexOf(reviewer)).signTypedData({
        domain: researchEscrowDomain(domain.chainId ?? chainId, domain.escrow ?? escrow),
        types: milestoneReviewTypes,
        primaryType: milestoneReviewPrimaryType,
        message: { ...message, milestoneIndex: BigInt(message.milestoneIndex) },
      });
    },
    /** `from` calls any ResearchEscrow function (cancel, reject, withdraw…) and waits for it to succeed. */
    escrowCall: (from: Address, functionName: string, args: readonly unknown[]) =>
      send(from, { address: escrow, abi: researchEscrowAbi, functionName, args }),
    /** Anyone submits k approvals: the escrow pays the researcher. */
    async release(from: Address, proposalId: bigint, milestoneIndex: number, signatures: Hex[]) {
      return send(from, {
        address: escrow,
        abi: researchEscrowAbi,
        functionName: 'releaseMilestone',
        args: [proposalId, BigInt(milestoneIndex), signatures],
      });
    },
  };
}

export type DesciTestbed = Awaited<ReturnType<typeof createDesciTestbed>>;

/** Every contract, service contracts included, as a deployments record (account 0 deploys, 1 is the treasury). */
async function deployWithServices(chain: InProcessChain): Promise<Deployments> {
  const [deployer, treasury] = chain.accounts as [Address, Address];
  const deployed = await deployContracts({
    walletClient: chain.walletFor(deployer),
    publicClient: chain.publicClient,
    treasury,
  });
  return {
    chainId: await chain.publicClient.getChainId(),
    deployBlock: Number(deployed.deployBlock),
    deployedAt: new Date().toISOString(),
    deployer: deployed.deployer,
    treasury: deployed.treasury,
    coordinator: deployed.coordinator,
    contracts: {
      farToken: getAddress(deployed.farToken),
      farStaking: getAddress(deployed.farStaking),
      inferencePayment: getAddress(deployed.inferencePayment),
      priceFeed: getAddress(deployed.priceFeed),
      ...deployed.serviceContracts,
    },
  };
}
