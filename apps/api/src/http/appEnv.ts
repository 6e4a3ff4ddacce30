import type { OperatorRoleName } from '@far/db';
import type { Logger } from '../observability/createLogger.js';

/** Who is calling: a signed-in wallet (JWT) or one of its API keys. */
export type Caller = { userId: string; walletAddress: `0x${string}`; apiKeyId?: string };

/** Hono's typed context variables for every route. */
export type AppEnv = {
  Variables: {
    requestId: string;
    logger: Logger;
    caller: Caller;
    /** Set for every request by the app: may it see operator-only detail (see isOperatorRequest)? */
    operator: () => boolean;
    /** The database role an operator-console route was allowed under (set by requireRole). */
    operatorRole: OperatorRoleName;
  };
};
