import { getAddress, isAddress } from 'viem';
import { z } from 'zod';

const address = z
  .string()
  .refine((value) => isAddress(value, { strict: false }), { message: 'not an EVM address' })
  .transform((value) => getAddress(value));

/**
 * The deployments file (`.far/deployments/<chainId>.json` locally, `packages/contracts/deployments/<chainId>.json`
 * for BSC): where the contracts live on one chain and from which block an indexer should start.
 */
export const deploymentsSchema = z.object({
  chainId: z.number().int().positive(),
  /** Block of the first deployment transaction: indexers start here. */
  deployBlock: z.number().int().nonnegative(),
  deployedAt: z.iso.datetime(),
  deployer: address,
  treasury: address,
  /** Holds ORACLE_ROLE on InferencePayment: settles tasks and batches. */
  coordinator: address,
  contracts: z.object({
    farToken: address,
    farStaking: address,
    inferencePayment: address,
    priceFeed: address,
    // Service contracts, one optional line each (`gameLicenses: address.optional(),`): a deployment
    // without one leaves that service's on-chain actions unavailable, and older files still parse.
    researchEscrow: address.optional(),
    publicationRegistry: address.optional(),
    tournamentPool: address.optional(),
    gameLicenses: address.optional(),
    /** RevenueRelay: InferencePayment's creator-fee stakers share, notified as the `fartwin` source. */
    fartwinRevenueRelay: address.optional(),
    /** NodeBond: node owners' bonds and slashing (Far GPU De-Pin); without it nodes join unbonded. */
    nodeBond: address.optional(),
    /** FarTimelock: holds FARStaking's TREASURER_ROLE; the treasurer schedules, waits the delay, executes. */
    timelock: address.optional(),
  }),
  /** `bytecodeFingerprint` of the package that deployed them; absent in files written before it existed. */
  bytecodeFingerprint: z
    .string()
    .regex(/^0x[0-9a-f]{64}$/)
    .optional(),
});

export type Deployments = z.infer<typeof deploymentsSchema>;
/** The JSON shape before parsing (addresses in any case). */
export type DeploymentsInput = z.input<typeof deploymentsSchema>;
