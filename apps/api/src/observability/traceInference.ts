import { type Attributes, context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';

/** One traced step of a task: ended once, failed with the error that ended it. */
export type TracedStep = {
  end(attributes?: Attributes): void;
  fail(error: unknown): void;
};

function stepOf(span: Span): TracedStep {
  return {
    end(attributes) {
      if (attributes) span.setAttributes(attributes);
      span.end();
    },
    fail(error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      span.end();
    },
  };
}

/**
 * The trace of one inference task: a root span `inference.completion` (the task id and model as
 * attributes) and its steps as children, `node.dispatch` (the hop to the GPU node, from dispatch to
 * the stream's end) and `inference.settle` (billing it in the ledger for settlement). Parents are
 * passed explicitly, so no context manager is needed. Without a tracer provider (tracing not
 * configured, see startTracing) every call is the API's no-op: nothing is recorded or allocated
 * beyond a few objects.
 *
 * @param taskId - the task's id.
 * @param model - the model id.
 * @returns `step(name)` to start a child span, and the root as a step.
 */
export function traceInference(taskId: string, model: string) {
  const tracer = trace.getTracer('far-api');
  const root = tracer.startSpan('inference.completion', {
    attributes: { 'far.task_id': taskId, 'far.model': model },
  });
  const parent = trace.setSpan(context.active(), root);
  return {
    ...stepOf(root),
    step(name: string, attributes?: Attributes): TracedStep {
      return stepOf(tracer.startSpan(name, { attributes: { 'far.task_id': taskId, ...attributes } }, parent));
    },
  };
}
