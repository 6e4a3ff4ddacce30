import type { OperatorRoleName } from '@far/db';

/** Who does a console action, under which role, and why (the audit row's first half). */
export type AdminActor = {
  /** Lowercase 0x address. */
  wallet: string;
  role: OperatorRoleName;
  /** Required: an action without a reason is refused before it runs. */
  reason: string;
};
