/**
 * Gas per task: the original per-task path (createTask + completeTask with three token transfers, the
 * original InferencePayment compiled verbatim from contracts/reference/) and the corrected contract's per-task path
 * (same calls, pull payments) against settleBatch with 1, 10, 100 and 1,000 tasks per batch, on the
 * in-process Hardhat chain. The RESULT ratio is the original per-task gas ÷ settleBatch gas per task at 100.
 *
 * Workload (worst case for batching): every task comes from a different user, so nothing is aggregated
 * per user; tasks are spread over 10 nodes. Steady state: users already have a stored spending
 * authorization, nodes and the treasury already hold credit, as after the first period. The first batch
 * of a user, which carries their EIP-712 signature, is reported on its own line.
 *
 * Run: npx tsx packages/contracts/bench/settlementGas.ts
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { type Address, type Hex, keccak256, parseEther, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { readArtifact } from '../scripts/contractArtifacts.js';
import { farTokenAbi } from '../src/abi/farTokenAbi.js';
import { inferencePaymentAbi } from '../src/abi/inferencePaymentAbi.js';
import { buildSettlementBatch, type SettlementCharge } from '../src/buildSettlementBatch.js';
import { deployContracts } from '../src/deployContracts.js';
import { spendingAuthorizationDomain } from '../src/spendingAuthorizationDomain.js';
import { spendingAuthorizationTypes } from '../src/spendingAuthorizationTypes.js';
import { createInProcessChain } from '../src/testing/createInProcessChain.js';

// The original reference contract is read from Hardhat artifacts: compile first (a no-op when cached).
process.env.HARDHAT_CONFIG ??= fileURLToPath(new URL('../hardhat.config.cjs', import.meta.url));
const hre = createRequire(import.meta.url)('hardhat') as {
  run: (task: string, args?: object) => Promise<unknown>;
};
await hre.run('compile', { quiet: true });

const BATCH_SIZES = [1, 10, 100, 1000] as const;
const PER_TASK_SAMPLE = 100;
const NODE_COUNT = 10;
const MAX_USERS = 1000;

const chain = await createInProcessChain();
const [admin, coordinator, treasury] = chain.accounts as [Address, Address, Address];
const deployed = await deployContracts({
  walletClient: chain.walletFor(admin),
  publicClient: chain.publicClient,
  coordinator,
  treasury,
});
const token = { address: deployed.farToken, abi: farTokenAbi } as const;
const payment = { address: deployed.inferencePayment, abi: inferencePaymentAbi } as const;

const send = async (from: Address, request: Record<string, unknown>) => {
  const hash = await chain.walletFor(from).writeContract(request as never);
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') throw new Error(`${String(request.functionName)} reverted`);
  return receipt.gasUsed;
};

// Users are throwaway keys: impersonated for their deposit, signing their authorization locally.
const userAccounts = Array.from({ length: MAX_USERS }, (_, i) =>
  privateKeyToAccount(keccak256(toHex(`far-bench-${i}`))),
);
const users = userAccounts.map((account) => account.address);
// The per-task paths get users of their own, who sign no spending authorization: createTask, like
// withdraw, is refused while one is live.
const taskUsers = Array.from(
  { length: PER_TASK_SAMPLE },
  (_, i) => privateKeyToAccount(keccak256(toHex(`far-bench-task-${i}`))).address,
);
const nodes = Array.from(
  { length: NODE_COUNT },
  (_, i) => privateKeyToAccount(keccak256(toHex(`far-node-${i}`))).address,
);

process.stdout.write(`preparing ${MAX_USERS} users and ${NODE_COUNT} nodes… `);
for (const node of nodes) await send(coordinator, { ...payment, functionName: 'registerNode', args: [node] });
for (const user of [...users, ...taskUsers]) {
  await chain.testClient.setBalance({ address: user, value: parseEther('10') });
  await chain.testClient.impersonateAccount({ address: user });
  // 1,000 FAR escrowed in the corrected contract, 10 FAR left for the original contract's own deposits.
  await send(admin, { ...token, functionName: 'transfer', args: [user, parseEther('1010')] });
  await send(user, { ...token, functionName: 'approve', args: [payment.address, parseEther('1000')] });
  await send(user, { ...payment, functionName: 'deposit', args: [parseEther('1000')] });
}
console.log('done');

const chargesFor = (count: number, round: number): SettlementCharge[] =>
  Array.from({ length: count }, (_, i) => ({
    user: users[i] as Address,
    node: nodes[i % NODE_COUNT] as Address,
    // Realistic, non-round wei amounts (~0.01 FAR) so calldata is not artificially full of zero bytes.
    actualCost: 10_000_000_000_000_000n + BigInt(i * 7_919 + round * 104_729),
    performanceScore: 70 + ((i + round) % 31),
  }));

let batchId = 1n;
const settle = async (charges: SettlementCharge[], authorizations: unknown[] = []) => {
  const batch = buildSettlementBatch(charges);
  const gas = await send(coordinator, {
    ...payment,
    functionName: 'settleBatch',
    args: [batchId, batch.debits, batch.credits, batch.stakersShare, batch.treasuryShare, authorizations],
  });
  batchId += 1n;
  return gas;
};

// First period: every user's authorization travels with the batch (signature checked once, then stored).
const expiry = BigInt(Math.floor(Date.now() / 1000)) + 365n * 24n * 3600n;
const signed = await Promise.all(
  userAccounts.map(async (account) => {
    const authorization = { user: account.address, cap: parseEther('1000'), expiry, nonce: 1n };
    const signature: Hex = await account.signTypedData({
      domain: spendingAuthorizationDomain(31337, payment.address),
      types: spendingAuthorizationTypes,
      primaryType: 'SpendingAuthorization',
      message: authorization,
    });
    return { authorization, signature };
  }),
);
const firstBatchGas = await settle(chargesFor(100, 0), signed.slice(0, 100));
for (let start = 100; start < MAX_USERS; start += 100) await settle([], signed.slice(start, start + 100));
await settle(chargesFor(MAX_USERS, 1));

// The original contract, verbatim: same calls, but three token transfers per completed task.
const seedArtifact = await readArtifact('reference/SeedInferencePayment', 'SeedInferencePayment');
const seedDeploy = await chain.publicClient.waitForTransactionReceipt({
  hash: await chain.walletFor(admin).deployContract({
    abi: seedArtifact.abi as never,
    bytecode: seedArtifact.bytecode as Hex,
    args: [deployed.farToken, deployed.farStaking, treasury, deployed.priceFeed],
  }),
});
const seed = { address: seedDeploy.contractAddress as Address, abi: seedArtifact.abi } as const;
for (const node of nodes) await send(admin, { ...seed, functionName: 'registerNode', args: [node] });
let seedGas = 0n;
for (let i = 0; i < PER_TASK_SAMPLE; i++) {
  const user = taskUsers[i] as Address;
  const id = keccak256(toHex(`seed-task-${i}`));
  const charge = chargesFor(PER_TASK_SAMPLE, 2)[i] as SettlementCharge;
  await send(user, { ...token, functionName: 'approve', args: [seed.address, charge.actualCost * 2n] });
  await send(user, { ...seed, functionName: 'deposit', args: [charge.actualCost * 2n] });
  seedGas += await send(user, { ...seed, functionName: 'createTask', args: [id, charge.actualCost * 2n] });
  seedGas += await send(admin, {
    ...seed,
    functionName: 'completeTask',
    args: [id, charge.node, charge.actualCost, BigInt(charge.performanceScore)],
  });
}
const seedPerTask = Number(seedGas) / PER_TASK_SAMPLE;

// The corrected contract's per-task path: a createTask by the user, a completeTask by the coordinator.
let perTaskGas = 0n;
for (let i = 0; i < PER_TASK_SAMPLE; i++) {
  const user = taskUsers[i] as Address;
  const id = keccak256(toHex(`task-${i}`));
  const charge = chargesFor(PER_TASK_SAMPLE, 2)[i] as SettlementCharge;
  perTaskGas += await send(user, {
    ...payment,
    functionName: 'createTask',
    args: [id, charge.actualCost * 2n],
  });
  perTaskGas += await send(coordinator, {
    ...payment,
    functionName: 'completeTask',
    args: [id, charge.node, charge.actualCost, BigInt(charge.performanceScore)],
  });
}
const correctedPerTask = Number(perTaskGas) / PER_TASK_SAMPLE;

const rows: { label: string; total: number; perTask: number }[] = [
  {
    label: `original contract: createTask + completeTask (mean of ${PER_TASK_SAMPLE})`,
    total: seedPerTask,
    perTask: seedPerTask,
  },
  {
    label: `corrected contract: createTask + completeTask`,
    total: correctedPerTask,
    perTask: correctedPerTask,
  },
];
const batchedPerTask = new Map<number, number>();
for (const [round, size] of BATCH_SIZES.entries()) {
  const gas = Number(await settle(chargesFor(size, round + 3)));
  batchedPerTask.set(size, gas / size);
  rows.push({ label: `settleBatch, ${size} tasks (${size} users)`, total: gas, perTask: gas / size });
}
rows.push({
  label: '  first settleBatch of 100 new users (with signatures)',
  total: Number(firstBatchGas),
  perTask: Number(firstBatchGas) / 100,
});

const format = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(
  `\n${'path'.padEnd(58)}${'tx gas'.padStart(14)}${'gas / task'.padStart(14)}${'vs original'.padStart(14)}`,
);
for (const row of rows) {
  const ratio = (seedPerTask / row.perTask).toFixed(1);
  console.log(
    `${row.label.padEnd(58)}${format(row.total).padStart(14)}${format(row.perTask).padStart(14)}${`${ratio}x`.padStart(14)}`,
  );
}
const batched100 = batchedPerTask.get(100) ?? Number.NaN;
console.log(
  `\nat 100 tasks per batch: ${(correctedPerTask / batched100).toFixed(2)}x cheaper than the corrected per-task path`,
);
console.log(`RESULT settlement_gas_ratio=${(seedPerTask / batched100).toFixed(2)}`);
