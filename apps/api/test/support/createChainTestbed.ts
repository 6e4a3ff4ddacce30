import {
  type Deployments,
  deployContracts,
  devAccount,
  farTokenAbi,
  inferencePaymentAbi,
  spendingAuthorizationDomain,
  spendingAuthorizationTypes,
} from '@far/contracts';
import { createInProcessChain, type InProcessChain } from '@far/contracts/testing';
import { type Address, getAddress, type Hex, parseEther } from 'viem';

/**
 * A fresh deployment of the FAR contracts on Hardhat's in-process chain, for the chain services'
 * integration tests: account 0 deploys and is the coordinator (ORACLE), account 1 the treasury;
 * accounts 2+ are users and node owners holding 1M FAR each. Each call deploys new contracts, so
 * test files never see each other's state even when they share the process's chain.
 * NodeBond is deployed but left out of `deployments` unless `nodeBonds` is set: an API given
 * NodeBond admits only bonded nodes, and most tests run far-nodes that never bonded.
 *
 * @param chain - an in-process chain to deploy on (a fresh one by default).
 * @param options - `nodeBonds: true` to keep NodeBond in `deployments` (bonds on).
 * @returns the chain, the deployments record the services take, and helpers that send real transactions.
 * @example
 * const bed = await createChainTestbed();
 * await bed.deposit(bed.users[0], parseEther('100'));
 */
export async function createChainTestbed(chain?: InProcessChain, options: { nodeBonds?: boolean } = {}) {
  const c = chain ?? (await createInProcessChain());
  const [coordinator, treasury] = c.accounts as [Address, Address];
  const deployed = await deployContracts({
    walletClient: c.walletFor(coordinator),
    publicClient: c.publicClient,
    treasury,
  });
  const chainId = await c.publicClient.getChainId();
  const deployments = toDeployments(deployed, chainId, options.nodeBonds ?? false);
  const users = c.accounts.slice(2, 12).map((address) => getAddress(address));

  const send = async (from: Address, request: Record<string, unknown>) => {
    const hash = await c.walletFor(from).writeContract(request as never);
    const receipt = await c.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };
  for (const user of users) {
    await send(coordinator, {
      address: deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'transfer',
      args: [user, parseEther('1000000')],
    });
  }

  const accountIndex = (address: Address) => {
    const index = c.accounts.findIndex((a) => a.toLowerCase() === address.toLowerCase());
    if (index < 0) throw new Error(`${address} is not an unlocked dev account`);
    return index;
  };

  const signAuthorization = (user: Address, cap: bigint, expiry: bigint, nonce: bigint): Promise<Hex> =>
    devAccount(accountIndex(user)).signTypedData({
      domain: spendingAuthorizationDomain(chainId, deployments.contracts.inferencePayment),
      types: spendingAuthorizationTypes,
      primaryType: 'SpendingAuthorization',
      message: { user, cap, expiry, nonce },
    });

  return {
    chain: c,
    publicClient: c.publicClient,
    deployments,
    coordinator: getAddress(coordinator),
    /** A wallet client for the coordinator, as the API's settlement batcher would hold. */
    coordinatorWallet: c.walletFor(coordinator),
    users,
    send,
    /** Approves and deposits `amount` wei of `user`'s FAR into InferencePayment. */
    async deposit(user: Address, amount: bigint) {
      await send(user, {
        address: deployments.contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [deployments.contracts.inferencePayment, amount],
      });
      return send(user, {
        address: deployments.contracts.inferencePayment,
        abi: inferencePaymentAbi,
        functionName: 'deposit',
        args: [amount],
      });
    },
    /** A local signer for a dev account (its private key from the mnemonic). */
    signerOf(address: Address) {
      return devAccount(accountIndex(address));
    },
    /** `user` signs an EIP-712 spending authorization for this deployment. */
    signAuthorization,
    /**
     * `user` signs a spending authorization and submits it to the contract from their own wallet,
     * as a user of an API that holds no coordinator key must (the API admits requests only against
     * an authorization on chain). Returns the signature.
     */
    async authorize(user: Address, cap: bigint, expiry: bigint, nonce: bigint): Promise<Hex> {
      const signature = await signAuthorization(user, cap, expiry, nonce);
      await send(user, {
        address: deployments.contracts.inferencePayment,
        abi: inferencePaymentAbi,
        functionName: 'acceptSpendingAuthorization',
        args: [{ user, cap, expiry, nonce }, signature],
      });
      return signature;
    },
  };
}

export type ChainTestbed = Awaited<ReturnType<typeof createChainTestbed>>;

/** The deployments file's shape for contracts just deployed. */
function toDeployments(
  deployed: Awaited<ReturnType<typeof deployContracts>>,
  chainId: number,
  nodeBonds: boolean,
): Deployments {
  const { nodeBond, ...services } = deployed.serviceContracts;
  return {
    chainId,
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
      ...services,
      ...(nodeBonds ? { nodeBond } : {}),
    },
  };
}
