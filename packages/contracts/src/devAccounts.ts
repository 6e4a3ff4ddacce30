import { type HDAccount, mnemonicToAccount } from 'viem/accounts';

/** The standard Hardhat/Anvil development mnemonic. Never use these keys on a public chain. */
export const HARDHAT_DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/**
 * A development account of the local chain (index 0 deploys and is the default coordinator; 0–9 hold FAR
 * after `scripts/deployLocal.ts`).
 *
 * @param index Address index in the mnemonic's default path (m/44'/60'/0'/0/index).
 * @returns A viem signing account.
 * @example
 * const coordinator = devAccount(0) // 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
 */
export function devAccount(index: number): HDAccount {
  return mnemonicToAccount(HARDHAT_DEV_MNEMONIC, { addressIndex: index });
}
