import { type Deployments, timelockOperation } from '@far/contracts';
import type { OperatorRoleName } from '@far/db';
import { type Address, encodeFunctionData, type Hex } from 'viem';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import { consoleChainAbi } from './consoleChainAbi.js';
import { PAUSABLE_CONTRACTS } from './readConsoleChainState.js';

const UintString = z.string().regex(/^\d{1,78}$/, 'a whole number as a decimal string');

/**
 * The console's chain actions: who may ask for each, and its parameters. Every one needs a fresh
 * signature (they move money or stop the network). Where FARStaking's TREASURER_ROLE sits with the
 * FarTimelock, a new reward rate is scheduled there and executed after the delay (`timelock.execute`).
 */
export const CONSOLE_CHAIN_ACTIONS = {
  'staking.fundReserve': {
    role: 'treasurer',
    params: z.object({ amountWei: UintString.refine((v) => BigInt(v) > 0n, 'must be above 0') }),
  },
  'staking.setRewardRate': {
    role: 'treasurer',
    params: z.object({ rateBps: UintString.refine((v) => BigInt(v) <= 10_000n, 'at most 10000 bps') }),
  },
  'timelock.execute': {
    role: 'treasurer',
    params: z.object({ operationId: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a bytes32 operation id') }),
  },
  // The treasurer holds the FarTimelock's CANCELLER_ROLE with PROPOSER_ROLE (handOverRoles).
  'timelock.cancel': {
    role: 'treasurer',
    params: z.object({ operationId: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a bytes32 operation id') }),
  },
  'priceFeed.setPrice': {
    role: 'priceKeeper',
    params: z.object({ answer: UintString.refine((v) => BigInt(v) > 0n, 'must be above 0') }),
  },
  'contract.pause': { role: 'operator', params: z.object({}) },
  'contract.unpause': { role: 'operator', params: z.object({}) },
  'nodeBond.decideAppeal': {
    role: 'operator',
    params: z.object({
      evidenceHash: z.string().regex(/^0x[0-9a-f]{64}$/, 'the slash evidence hash (0x + 64 lowercase hex)'),
      upheld: z.enum(['true', 'false']),
    }),
  },
} as const satisfies Record<string, { role: OperatorRoleName; params: z.ZodType }>;

export type ConsoleChainActionName = keyof typeof CONSOLE_CHAIN_ACTIONS;
export const CONSOLE_CHAIN_ACTION_NAMES = Object.keys(CONSOLE_CHAIN_ACTIONS) as [
  ConsoleChainActionName,
  ...ConsoleChainActionName[],
];

/**
 * What an action acts on, as the operator signs it and the audit row names it: the contract for a
 * pause, `timelock` for an execution or a cancellation, `nodeBond` for an appeal decision, else the contract whose values it changes (a reward rate is
 * FARStaking's even when the timelock sends it).
 */
export function consoleChainTarget(action: ConsoleChainActionName, contract: string | undefined): string {
  if (action === 'contract.pause' || action === 'contract.unpause') return contract ?? '';
  if (action === 'timelock.execute' || action === 'timelock.cancel') return 'timelock';
  if (action === 'nodeBond.decideAppeal') return 'nodeBond';
  return action === 'priceFeed.setPrice' ? 'priceFeed' : 'farStaking';
}

/** The call an action asks the operator's wallet to send. */
export type ConsoleChainCall = {
  /** The contract's name in the deployments file. */
  contract: string;
  to: Address;
  functionName: string;
  /** Decimal strings for numbers, 0x hex for addresses and bytes, `true`/`false` for bools, in order. */
  args: string[];
  /** For a timelock schedule: the call the timelock makes after the delay, and the operation id. */
  scheduled?: { functionName: string; args: string[]; operationId: Hex };
};

/** What planning a call needs beyond the action: the timelock's delay and a fresh salt. */
export type ConsoleChainCallContext = {
  timelockDelay?: bigint | undefined;
  salt: Hex;
  /** For `timelock.execute`: the scheduled operation's arguments, from its schedule's audit row. */
  scheduledArgs?: string[] | undefined;
  /** For `timelock.cancel`: the operation is one the console scheduled and is still pending. */
  cancellable?: boolean | undefined;
};

function pauseCall(
  deployments: Deployments,
  functionName: string,
  contract: string | undefined,
): ConsoleChainCall {
  const name = PAUSABLE_CONTRACTS.find((candidate) => candidate === contract);
  const to = name ? deployments.contracts[name] : undefined;
  if (!name || !to) {
    throw new BaseError('validation_failed', `contract: one of ${PAUSABLE_CONTRACTS.join(', ')} (deployed)`, {
      details: { fields: [{ field: 'contract', message: 'not pausable from the console' }] },
    });
  }
  return { contract: name, to, functionName, args: [] };
}

/**
 * The contract call an action makes, from its validated parameters.
 *
 * @throws BaseError `validation_failed` for a pause of a contract the console cannot pause, or
 *   `not_found` for a timelock execution or cancellation of an operation the console did not schedule.
 */
export function consoleChainCall(
  deployments: Deployments,
  action: ConsoleChainActionName,
  params: Record<string, string>,
  contract: string | undefined,
  context: ConsoleChainCallContext,
): ConsoleChainCall {
  const { farStaking, timelock, priceFeed } = deployments.contracts;
  switch (action) {
    case 'contract.pause':
      return pauseCall(deployments, 'pause', contract);
    case 'contract.unpause':
      return pauseCall(deployments, 'unpause', contract);
    case 'priceFeed.setPrice':
      return { contract: 'priceFeed', to: priceFeed, functionName: 'setPrice', args: [params.answer ?? ''] };
    case 'staking.fundReserve':
      return {
        contract: 'farStaking',
        to: farStaking,
        functionName: 'fundReserve',
        args: [params.amountWei ?? ''],
      };
    case 'staking.setRewardRate': {
      const rate = params.rateBps ?? '';
      if (!timelock || context.timelockDelay === undefined) {
        return { contract: 'farStaking', to: farStaking, functionName: 'setRewardRate', args: [rate] };
      }
      const data = encodeFunctionData({
        abi: consoleChainAbi,
        functionName: 'setRewardRate',
        args: [BigInt(rate)],
      });
      const operation = timelockOperation({ target: farStaking, data, salt: context.salt });
      const [target, value, payload, predecessor, salt] = operation.args;
      return {
        contract: 'timelock',
        to: timelock,
        functionName: 'schedule',
        args: [target, value.toString(), payload, predecessor, salt, context.timelockDelay.toString()],
        scheduled: { functionName: 'setRewardRate', args: [rate], operationId: operation.id },
      };
    }
    case 'nodeBond.decideAppeal': {
      const { nodeBond } = deployments.contracts;
      if (!nodeBond) throw new BaseError('service_unavailable', 'NodeBond is not deployed on this network');
      // A bool travels as `true` / `false`, as the transaction check writes it.
      return {
        contract: 'nodeBond',
        to: nodeBond,
        functionName: 'decideAppeal',
        args: [params.evidenceHash ?? '', params.upheld ?? ''],
      };
    }
    case 'timelock.execute': {
      if (!timelock || !context.scheduledArgs) {
        throw new BaseError('not_found', `No operation ${params.operationId} scheduled from the console`);
      }
      return { contract: 'timelock', to: timelock, functionName: 'execute', args: context.scheduledArgs };
    }
    case 'timelock.cancel': {
      if (!timelock || !context.cancellable) {
        throw new BaseError('not_found', `No operation ${params.operationId} scheduled from the console`);
      }
      return { contract: 'timelock', to: timelock, functionName: 'cancel', args: [params.operationId ?? ''] };
    }
  }
}
