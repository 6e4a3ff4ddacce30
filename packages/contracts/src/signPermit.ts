import { type Hex, parseSignature, type TypedDataDomain } from 'viem';
import { type PermitMessage, permitPrimaryType, permitTypes } from './permitTypes';

/** The typed data of one permit, as `signTypedData` takes it. */
export type PermitTypedData = {
  domain: TypedDataDomain;
  types: typeof permitTypes;
  primaryType: typeof permitPrimaryType;
  message: PermitMessage;
};

/** Whatever signs typed data for the owner: a viem wallet client's or wagmi's `signTypedData`. */
export type SignPermitTypedData = (typedData: PermitTypedData) => Promise<Hex>;

/** The permit arguments `permit`, `depositWithPermit` and `stakeWithPermit` take after the amount. */
export type SignedPermit = { deadline: bigint; v: number; r: Hex; s: Hex };

/**
 * Signs an EIP-2612 permit and splits the signature into the `v, r, s` the contracts take.
 *
 * @param signTypedData Signs as `message.owner` (for viem, a wallet client bound to that account).
 * @param domain The token's EIP-712 domain (`farTokenDomain`, or what `eip712Domain()` reads).
 * @param message Owner, spender, value, the token's `nonces(owner)` and the deadline.
 * @returns `{ deadline, v, r, s }`, ready to pass to `depositWithPermit(amount, deadline, v, r, s)`.
 * @example
 * const permit = await signPermit(wallet.signTypedData, farTokenDomain(31337, token), {
 *   owner, spender: payment, value: 77n, nonce: 0n, deadline });
 */
export async function signPermit(
  signTypedData: SignPermitTypedData,
  domain: TypedDataDomain,
  message: PermitMessage,
): Promise<SignedPermit> {
  const signature = await signTypedData({
    domain,
    types: permitTypes,
    primaryType: permitPrimaryType,
    message,
  });
  const { r, s, v, yParity } = parseSignature(signature);
  // Some wallets (hardware ones) end the signature with the y parity, not v; the contracts want 27 or 28.
  return { deadline: message.deadline, v: Number(v ?? BigInt(yParity + 27)), r, s };
}
