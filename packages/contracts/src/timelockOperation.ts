import { type Address, encodeAbiParameters, type Hex, keccak256, zeroHash } from 'viem';

/** One FarTimelock operation: the arguments `schedule` (plus the delay) and `execute` take, and its id. */
export type TimelockOperation = {
  /** `[target, value, data, predecessor, salt]`, as `schedule(...args, delay)` and `execute(...args)` take them. */
  args: readonly [Address, bigint, Hex, Hex, Hex];
  /** `hashOperation(...args)`: look it up with `getTimestamp`, `isOperationReady`, `isOperationDone`. */
  id: Hex;
};

/**
 * A call for the FarTimelock to make (a treasurer's money-moving action, e.g. FARStaking's
 * `setRewardRate`): the treasurer sends `schedule(...args, delay)`, waits the timelock's delay, then
 * sends `execute(...args)`; before that `execute` reverts.
 *
 * @param call The contract to call, its calldata, and a salt that makes repeated identical calls distinct.
 * @returns The arguments and the operation id (OpenZeppelin TimelockController's `hashOperation`).
 * @example
 * const op = timelockOperation({ target: farStaking, data: encodeFunctionData({ abi: farStakingAbi,
 *   functionName: 'setRewardRate', args: [250n] }), salt: keccak256(toHex(Date.now())) });
 */
export function timelockOperation(call: {
  target: Address;
  data: Hex;
  salt: Hex;
  value?: bigint;
  predecessor?: Hex;
}): TimelockOperation {
  const args = [call.target, call.value ?? 0n, call.data, call.predecessor ?? zeroHash, call.salt] as const;
  const id = keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'uint256' }, { type: 'bytes' }, { type: 'bytes32' }, { type: 'bytes32' }],
      args,
    ),
  );
  return { args, id };
}
