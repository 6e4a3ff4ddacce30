import { describeError } from '@/lib/web3/describeError';

/** A console action's outcome under its buttons: the API's refusal, or that it was done. */
export function ActionResult({
  error,
  done,
  doneText = 'Done, and written to the audit log.',
}: {
  error: unknown;
  done: boolean;
  doneText?: string;
}) {
  if (error) {
    return (
      <p role="alert" className="text-sm text-red-300">
        {describeError(error)}
      </p>
    );
  }
  return done ? (
    <p role="status" className="text-sm text-emerald-300">
      {doneText}
    </p>
  ) : null;
}
