import type { Db } from '@far/db';

/** What applying one desci chain event needs: the open transaction and where the event sits. */
export type DesciApplyContext = {
  /** The range's transaction: the mirror and the cursor commit together. */
  tx: Db;
  /** Lowercase ResearchEscrow address: the mirror's key. */
  escrow: string;
  /** Lowercase PublicationRegistry address. */
  registry: string;
  /** Lowercase treasury of the deployment, credited with the treasury part of release fees. */
  treasury: string;
  /** The timestamp of the event's block. */
  blockTime: Date;
};

/** Adds `amount` wei to a numeric column in SQL, exactly (no JS number on the way). */
export const weiText = (amount: bigint) => amount.toString();
