export { auditLedger, type LedgerAudit } from './auditLedger.js';
export { CaptureExceedsReservationError } from './CaptureExceedsReservationError.js';
export { type CaptureParams, type CaptureResult, capture } from './capture.js';
export { type CreditDepositParams, creditDeposit, type LedgerPostingResult } from './creditDeposit.js';
export { type DebitWithdrawalParams, debitWithdrawal } from './debitWithdrawal.js';
export { getAccountBalance } from './getAccountBalance.js';
export { type Balances, getBalances } from './getBalances.js';
export { IdempotencyKeyReusedError } from './IdempotencyKeyReusedError.js';
export { InsufficientBalanceError } from './InsufficientBalanceError.js';
export { InvalidSplitError } from './InvalidSplitError.js';
export { type LedgerAccountRef, ledgerAccountKey } from './LedgerAccountRef.js';
export type { RevenueSplit } from './moveReservation.js';
export { ReservationClosedError } from './ReservationClosedError.js';
export { ReservationNotFoundError } from './ReservationNotFoundError.js';
export { type ReleaseParams, type ReleaseResult, release } from './release.js';
export { type ReserveParams, type ReserveResult, reserve } from './reserve.js';
export {
  type SettleReservationParams,
  type SettleReservationResult,
  settleReservation,
} from './settleReservation.js';
export { type TransferParams, transfer } from './transfer.js';
