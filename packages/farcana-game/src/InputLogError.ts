/** Why an input log is refused; stable codes a client can switch on. */
export type InputLogRejection =
  | 'input_log_malformed'
  | 'input_log_too_long'
  | 'too_many_inputs'
  | 'ticks_not_increasing'
  | 'tick_outside_round'
  | 'inputs_too_fast';

/** An input log that no honest player could have produced, or that is not an input log at all. */
export class InputLogError extends Error {
  override name = 'InputLogError';
  readonly reason: InputLogRejection;

  constructor(reason: InputLogRejection, message: string) {
    super(message);
    this.reason = reason;
  }
}
