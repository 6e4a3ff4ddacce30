import type { DispatchResult } from '../../dispatch/dispatchTypes.js';
import type { Logger } from '../../observability/createLogger.js';
import type { traceInference } from '../../observability/traceInference.js';
import type { InferenceOutcome } from './finishInferenceTask.js';

/**
 * Settles a task: `settle` runs once however often it is asked, and its failure is loud (logged,
 * traced, and the delivered count recorded for the recovery to bill).
 *
 * @param run - the task's trace, logger, id and progress record.
 * @param settle - bills and records the task.
 * @returns the settle function to call as the task ends, by whichever path ends it.
 * @example
 * const finalize = settleOnce({ span, logger, taskId, recordProgress }, (result, failure, cancelled) => finishInferenceTask(db, {…}));
 */
export function settleOnce(
  run: {
    span: ReturnType<typeof traceInference>;
    logger: Logger;
    taskId: string;
    recordProgress: () => Promise<unknown>;
  },
  settle: (
    result: DispatchResult | undefined,
    failure: unknown,
    cancelled: boolean,
  ) => Promise<InferenceOutcome>,
) {
  let finalized: Promise<InferenceOutcome> | undefined;
  return (result: DispatchResult | undefined, failure: unknown, cancelled: boolean) => {
    if (finalized) return finalized;
    const settling = run.span.step('inference.settle');
    finalized = Promise.resolve()
      .then(() => settle(result, failure, cancelled))
      .catch(async (error: unknown) => {
        // The money must never be left half-done silently: this is logged loudly and the
        // reservation stays open for the recovery to close, which bills the row's count: make it
        // exactly what was delivered, not the last once-a-second progress.
        settling.fail(error);
        run.span.fail(error);
        run.logger.error({ err: error, taskId: run.taskId }, 'failed to record inference outcome');
        await run
          .recordProgress()
          .catch((progressError: unknown) =>
            run.logger.error(
              { err: progressError, taskId: run.taskId },
              'could not record the delivered tokens either',
            ),
          );
        throw error;
      })
      .then((outcome) => {
        settling.end();
        run.span.end();
        return outcome;
      });
    return finalized;
  };
}
