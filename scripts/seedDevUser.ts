/**
 * Makes Hardhat dev account #2 ready to use inference on a fresh local network, as a user would
 * through the web app: it deposits 10,000 FAR into InferencePayment and signs the EIP-712
 * spending authorization that lets the coordinator settle its charges. Does nothing if the
 * account already has escrow (the chain is replayed across restarts).
 *
 *   npx tsx scripts/seedDevUser.ts --rpc-url http://127.0.0.1:8545 --deployments .far/deployments/31337.json
 */
import { parseArgs } from 'node:util';
import {
  farTokenAbi,
  inferencePaymentAbi,
  readDeployments,
  spendingAuthorizationDomain,
  spendingAuthorizationTypes,
} from '@far/contracts';
import { createPublicClient, createWalletClient, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';
import { DEV_KEYS } from './localNetwork.js';

const { values } = parseArgs({ options: { 'rpc-url': { type: 'string' }, deployments: { type: 'string' } } });
const rpcUrl = values['rpc-url'] ?? 'http://127.0.0.1:8545';
const deployments = await readDeployments(values.deployments ?? '.far/deployments/31337.json');
const account = privateKeyToAccount(DEV_KEYS.user);
const transport = http(rpcUrl);
const publicClient = createPublicClient({ chain: hardhat, transport });
const wallet = createWalletClient({ chain: hardhat, transport, account });
const payment = deployments.contracts.inferencePayment;

const escrow = await publicClient.readContract({
  address: payment,
  abi: inferencePaymentAbi,
  functionName: 'userBalances',
  args: [account.address],
});
if (escrow > 0n) {
  console.log(`${account.address} already has ${escrow} wei in escrow`);
  process.exit(0);
}

const amount = parseEther('10000');
const send = async (hash: `0x${string}`) => {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`transaction ${hash} reverted`);
};
await send(
  await wallet.writeContract({
    address: deployments.contracts.farToken,
    abi: farTokenAbi,
    functionName: 'approve',
    args: [payment, amount],
  }),
);
await send(
  await wallet.writeContract({
    address: payment,
    abi: inferencePaymentAbi,
    functionName: 'deposit',
    args: [amount],
  }),
);

const [, , nonce] = await publicClient.readContract({
  address: payment,
  abi: inferencePaymentAbi,
  functionName: 'spendingAuthorizationOf',
  args: [account.address],
});
const now = (await publicClient.getBlock()).timestamp;
const authorization = {
  user: account.address,
  cap: parseEther('1000000'),
  expiry: now + 365n * 86_400n,
  nonce: nonce + 1n,
};
const signature = await account.signTypedData({
  domain: spendingAuthorizationDomain(deployments.chainId, payment),
  types: spendingAuthorizationTypes,
  primaryType: 'SpendingAuthorization',
  message: authorization,
});
await send(
  await wallet.writeContract({
    address: payment,
    abi: inferencePaymentAbi,
    functionName: 'acceptSpendingAuthorization',
    args: [authorization, signature],
  }),
);
console.log(`${account.address} deposited 10,000 FAR and authorized settlement up to 1,000,000 FAR`);
