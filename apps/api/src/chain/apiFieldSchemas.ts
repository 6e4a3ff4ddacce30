import { z } from '@hono/zod-openapi';

/** A 20-byte hex address, any case, as the chain-facing routes take and return it. */
export const AddressString = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .openapi({ example: '0x5FbDB2315678afecb367f032d93F642f64180aa3' });

/** Wei as a decimal string: JSON has no bigint. */
export const WeiString = z
  .string()
  .regex(/^\d{1,78}$/)
  .openapi({ description: 'wei as a decimal string', example: '1000000000000000000' });

/** Signed wei as a decimal string (a ledger movement out of the caller's balance is negative). */
export const SignedWeiString = z
  .string()
  .regex(/^-?\d{1,78}$/)
  .openapi({ description: 'signed wei as a decimal string' });

/** uint256 values arrive as decimal strings (or small numbers) since JSON has no bigint. */
export const UintInput = z
  .union([z.string().regex(/^\d{1,78}$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((value) => BigInt(value));

/** `?limit=` for the chain-facing lists: 1 to 500, 50 by default. */
export const limitQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
});
