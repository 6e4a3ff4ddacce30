import type { Deployments } from '@far/contracts';
import type { OperatorRoleName } from '@far/db';
import type { Address } from 'viem';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import { PAUSABLE_CONTRACTS } from './readConsoleChainState.js';

const UintString = z.string().regex(/^\d{1,78}$/, 'a whole number as a decimal string');

/**
 * The console's chain actions: who may ask for each, the contract and function the operator's wallet
 * calls, and its parameters. Every one needs a fresh signature (they move money or stop the network).
 */
export const CONSOLE_CHAIN_ACTIONS = {
  'staking.fundReserve': {
    role: 'treasurer',
    functionName: 'fundReserve',
    params: z.object({ amountWei: UintString.refine((v) => BigInt(v) > 0n, 'must be above 0') }),
  },
  'staking.setRewardRate': {
    role: 'treasurer',
    functionName: 'setRewardRate',
    params: z.object({ rateBps: UintString.refine((v) => BigInt(v) <= 10_000n, 'at most 10000 bps') }),
  },
  'priceFeed.setPrice': {
    role: 'priceKeeper',
    functionName: 'setPrice',
    params: z.object({ answer: UintString.refine((v) => BigInt(v) > 0n, 'must be above 0') }),
  },
  'contract.pause': { role: 'operator', functionName: 'pause', params: z.object({}) },
  'contract.unpause': { role: 'operator', functionName: 'unpause', params: z.object({}) },
} as const satisfies Record<string, { role: OperatorRoleName; functionName: string; params: z.ZodType }>;

export type ConsoleChainActionName = keyof typeof CONSOLE_CHAIN_ACTIONS;
export const CONSOLE_CHAIN_ACTION_NAMES = Object.keys(CONSOLE_CHAIN_ACTIONS) as [
  ConsoleChainActionName,
  ...ConsoleChainActionName[],
];

/** The call an action asks the operator's wallet to send. */
export type ConsoleChainCall = {
  /** The contract's name in the deployments file. */
  contract: string;
  to: Address;
  functionName: string;
  /** Decimal strings, in the function's order. */
  args: string[];
};

/**
 * The contract call an action makes, from its validated parameters.
 *
 * @throws BaseError `validation_failed` for a pause of a contract the console cannot pause.
 */
export function consoleChainCall(
  deployments: Deployments,
  action: ConsoleChainActionName,
  params: Record<string, string>,
  contract: string | undefined,
): ConsoleChainCall {
  const { functionName } = CONSOLE_CHAIN_ACTIONS[action];
  if (action === 'contract.pause' || action === 'contract.unpause') {
    const name = PAUSABLE_CONTRACTS.find((candidate) => candidate === contract);
    if (!name) {
      throw new BaseError('validation_failed', `contract: one of ${PAUSABLE_CONTRACTS.join(', ')}`, {
        details: { fields: [{ field: 'contract', message: 'not pausable from the console' }] },
      });
    }
    return { contract: name, to: deployments.contracts[name], functionName, args: [] };
  }
  if (action === 'priceFeed.setPrice') {
    return {
      contract: 'priceFeed',
      to: deployments.contracts.priceFeed,
      functionName,
      args: [params.answer ?? ''],
    };
  }
  const arg = action === 'staking.fundReserve' ? params.amountWei : params.rateBps;
  return { contract: 'farStaking', to: deployments.contracts.farStaking, functionName, args: [arg ?? ''] };
}
