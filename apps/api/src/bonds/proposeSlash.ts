import { nodeBondAbi, nodeBondKey } from '@far/contracts';
import { type Db, type NodeSlashProposal, nodeSlashProposals } from '@far/db';
import { eq } from 'drizzle-orm';
import {
  type Address,
  ContractFunctionRevertedError,
  decodeErrorResult,
  type Hex,
  isHex,
  type PublicClient,
  BaseError as ViemBaseError,
  zeroHash,
} from 'viem';
import type { CoordinatorWallet } from '../chain/createCoordinatorWallet.js';
import { BaseError } from '../errors/BaseError.js';

/** The coordinator's side of NodeBond: its clients (the wallet holds ORACLE_ROLE) and the contract. */
export type SlashClients = { publicClient: PublicClient; walletClient: CoordinatorWallet; nodeBond: Address };

/** One slash to propose: whose bond, the evidence, how much, and who gets refunded from it. */
export type ProposeSlashInput = {
  nodeId: string;
  owner: Address;
  /** 0x keccak256 of the audit's canonical evidence JSON (node_audits.evidence_hash). */
  evidenceHash: Hex;
  auditId?: string | undefined;
  amountWei: bigint;
  refunds: readonly { user: Address; amountWei: bigint }[];
};

/**
 * Proposes a slash on NodeBond (ORACLE_ROLE) and records it, once per evidence hash: the row is
 * written first (`pending`), so a crash between the transaction and the update is retried, and the
 * contract's own refusal of used evidence (EvidenceAlreadyUsed) counts as proposed. Any other revert
 * (nothing bonded, more than the bond…) marks the row `failed` with the contract's reason; an RPC
 * failure leaves it `pending` for the next round and throws.
 *
 * @param db - the database.
 * @param clients - chain clients and NodeBond's address.
 * @param input - the slash.
 * @returns the proposal's row as it ends.
 * @throws BaseError bad_request without evidence (a zero or malformed hash).
 * @example
 * await proposeSlash(db, clients, { nodeId, owner, evidenceHash, amountWei: parseEther('50'), refunds: [] });
 */
export async function proposeSlash(
  db: Db,
  clients: SlashClients,
  input: ProposeSlashInput,
): Promise<NodeSlashProposal> {
  if (!/^0x[0-9a-f]{64}$/.test(input.evidenceHash) || input.evidenceHash === zeroHash) {
    throw new BaseError(
      'bad_request',
      'a slash needs the evidence hash of a failed audit (0x + 64 lowercase hex)',
    );
  }
  const [inserted] = await db
    .insert(nodeSlashProposals)
    .values({
      evidenceHash: input.evidenceHash,
      nodeId: input.nodeId,
      ownerAddress: input.owner.toLowerCase(),
      auditId: input.auditId ?? null,
      amountWei: input.amountWei,
      refunds: input.refunds.map((r) => ({ user: r.user.toLowerCase(), amountWei: r.amountWei.toString() })),
    })
    .onConflictDoNothing()
    .returning();
  const row = inserted ?? (await readProposal(db, input.evidenceHash));
  if (row.status !== 'pending') return row;
  return sendProposal(db, clients, row);
}

/** Sends a pending proposal's transaction and records how it ended. */
export async function sendProposal(
  db: Db,
  clients: SlashClients,
  row: NodeSlashProposal,
): Promise<NodeSlashProposal> {
  const { publicClient, walletClient, nodeBond } = clients;
  const finish = async (values: Partial<NodeSlashProposal>) => {
    const [updated] = await db
      .update(nodeSlashProposals)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(nodeSlashProposals.evidenceHash, row.evidenceHash))
      .returning();
    return updated ?? row;
  };
  try {
    const { request } = await publicClient.simulateContract({
      account: walletClient.account,
      address: nodeBond,
      abi: nodeBondAbi,
      functionName: 'proposeSlash',
      args: [
        row.ownerAddress as Address,
        nodeBondKey(row.nodeId),
        row.evidenceHash as Hex,
        row.amountWei,
        row.refunds.map((r) => r.user as Address),
        row.refunds.map((r) => BigInt(r.amountWei)),
      ],
      chain: walletClient.chain,
    });
    const hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') return finish({ status: 'failed', txHash: hash, error: 'reverted' });
    return finish({ status: 'proposed', txHash: hash, error: null });
  } catch (error) {
    const reason = revertReasonOf(error);
    if (reason === undefined) throw error;
    if (reason === 'EvidenceAlreadyUsed') return finish({ status: 'proposed', error: null });
    return finish({ status: 'failed', error: reason });
  }
}

async function readProposal(db: Db, evidenceHash: string): Promise<NodeSlashProposal> {
  const [row] = await db
    .select()
    .from(nodeSlashProposals)
    .where(eq(nodeSlashProposals.evidenceHash, evidenceHash));
  if (!row) throw new Error(`slash proposal ${evidenceHash} vanished`);
  return row;
}

/**
 * The custom error a NodeBond call reverted with, or undefined when nothing reverted (an RPC failure).
 * Nodes report reverts differently: decoded by viem, as raw `data` on the RPC error (Hardhat), or
 * only in the message.
 */
function revertReasonOf(error: unknown): string | undefined {
  if (!(error instanceof ViemBaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName)
    return reverted.data.errorName;
  const withData = error.walk(
    (e) => isHex((e as { data?: unknown }).data) && String((e as { data: Hex }).data).length >= 10,
  );
  const data = (withData as { data?: Hex } | null)?.data;
  if (data) {
    try {
      return decodeErrorResult({ abi: nodeBondAbi, data }).errorName;
    } catch {
      // Not one of NodeBond's errors: fall through to the message.
    }
  }
  const named = /reverted with custom error '(\w+)\(/.exec(`${error.message} ${error.details ?? ''}`);
  if (named) return named[1];
  return reverted instanceof ContractFunctionRevertedError ? (reverted.reason ?? 'reverted') : undefined;
}
