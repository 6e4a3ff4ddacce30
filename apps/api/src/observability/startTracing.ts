import { trace } from '@opentelemetry/api';

/**
 * Exports this process's traces (see traceInference) over OTLP/HTTP when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set: a tracer provider with a batching processor becomes the
 * global one, and the exporter reads the standard OTEL_* variables (endpoint, headers). Unset,
 * nothing is loaded and the API's tracer stays a no-op, so tracing costs nothing.
 *
 * @param env - the process environment.
 * @param role - the process's role, which names the service in the traces (`far-api-worker`…).
 * @returns `shutdown()` (flushes what is buffered; call it on exit), or undefined when not configured.
 */
export async function startTracing(
  env: Record<string, string | undefined>,
  role: string,
): Promise<{ shutdown(): Promise<void> } | undefined> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? `far-api-${role}` }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  trace.setGlobalTracerProvider(provider);
  return { shutdown: () => provider.shutdown() };
}
