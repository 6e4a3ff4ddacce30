/** The COMMIT was answered with ROLLBACK: a statement of the transaction had failed. */
export class TransactionRolledBackError extends Error {
  readonly code = 'TRANSACTION_ROLLED_BACK';
  constructor() {
    super('The server rolled back the transaction instead of committing it');
    this.name = 'TransactionRolledBackError';
  }
}
