/**
 * The slices of the Far Labs contract ABIs the web app calls (FARToken ERC20 + ERC20Permit,
 * FARStaking, InferencePayment). Slices rather than `@far/contracts`' full ABIs because that
 * package's entry also carries bytecode and Node-only deployment code, which must not reach the
 * browser bundle; contracts.test.ts checks every entry here against `@far/contracts` so they cannot
 * drift. Addresses come from `/api/chain` at runtime, so one build serves any chain.
 */
export const farTokenAbi = [
  {
    type: 'function',
    name: 'balanceOf',
    stateMutability: 'view',
    inputs: [{ name: 'account', type: 'address' }],
    outputs: [{ type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'allowance',
    stateMutability: 'view',
    inputs: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
    ],
    outputs: [{ type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'approve',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
    ],
    outputs: [{ type: 'bool' }],
  },
  {
    type: 'function',
    name: 'nonces',
    stateMutability: 'view',
    inputs: [{ name: 'owner', type: 'address' }],
    outputs: [{ type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'eip712Domain',
    stateMutability: 'view',
    inputs: [],
    outputs: [
      { name: 'fields', type: 'bytes1' },
      { name: 'name', type: 'string' },
      { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' },
      { name: 'verifyingContract', type: 'address' },
      { name: 'salt', type: 'bytes32' },
      { name: 'extensions', type: 'uint256[]' },
    ],
  },
] as const;

const uint = (name: string) => ({ name, type: 'uint256' }) as const;
const permitInputs = [
  uint('deadline'),
  { name: 'v', type: 'uint8' },
  { name: 'r', type: 'bytes32' },
  { name: 's', type: 'bytes32' },
] as const;

export const farStakingAbi = [
  {
    type: 'function',
    name: 'stake',
    stateMutability: 'nonpayable',
    inputs: [uint('amount'), { name: 'lockTier', type: 'uint8' }],
    outputs: [uint('positionId')],
  },
  {
    type: 'function',
    name: 'stakeWithPermit',
    stateMutability: 'nonpayable',
    inputs: [uint('amount'), { name: 'lockTier', type: 'uint8' }, ...permitInputs],
    outputs: [uint('positionId')],
  },
  {
    type: 'function',
    name: 'unstake',
    stateMutability: 'nonpayable',
    inputs: [uint('positionId'), uint('amount')],
    outputs: [],
  },
  {
    type: 'function',
    name: 'claimRewards',
    stateMutability: 'nonpayable',
    inputs: [],
    outputs: [uint('amount')],
  },
  {
    type: 'function',
    name: 'calculateRewards',
    stateMutability: 'view',
    inputs: [{ name: 'user', type: 'address' }],
    outputs: [uint('')],
  },
  {
    type: 'function',
    name: 'positionsOf',
    stateMutability: 'view',
    inputs: [{ name: 'user', type: 'address' }],
    outputs: [
      {
        name: '',
        type: 'tuple[]',
        components: [
          { name: 'amount', type: 'uint128' },
          { name: 'unlockAt', type: 'uint64' },
          { name: 'lockTier', type: 'uint8' },
        ],
      },
    ],
  },
  { type: 'function', name: 'totalStaked', stateMutability: 'view', inputs: [], outputs: [uint('')] },
  { type: 'function', name: 'rewardRate', stateMutability: 'view', inputs: [], outputs: [uint('')] },
] as const;

export const inferencePaymentAbi = [
  { type: 'function', name: 'deposit', stateMutability: 'nonpayable', inputs: [uint('amount')], outputs: [] },
  {
    type: 'function',
    name: 'depositWithPermit',
    stateMutability: 'nonpayable',
    inputs: [uint('amount'), ...permitInputs],
    outputs: [],
  },
  {
    type: 'function',
    name: 'withdraw',
    stateMutability: 'nonpayable',
    inputs: [uint('amount')],
    outputs: [],
  },
  {
    type: 'function',
    name: 'withdrawEarnings',
    stateMutability: 'nonpayable',
    inputs: [uint('amount')],
    outputs: [],
  },
  {
    type: 'function',
    name: 'userBalances',
    stateMutability: 'view',
    inputs: [{ name: 'user', type: 'address' }],
    outputs: [uint('')],
  },
  {
    type: 'function',
    name: 'nodes',
    stateMutability: 'view',
    inputs: [{ name: 'node', type: 'address' }],
    outputs: [
      { name: 'credit', type: 'uint96' },
      { name: 'totalEarned', type: 'uint112' },
      { name: 'tasksCompleted', type: 'uint32' },
      { name: 'reliability', type: 'uint8' },
      { name: 'active', type: 'bool' },
    ],
  },
] as const;
