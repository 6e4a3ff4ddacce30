/** CloudWatch namespace and metric the GPU nodes' step scaling reads (infra/src/compute/FarGpuNodes.ts). */
const QUEUE_DEPTH_EMF = { namespace: 'FarLabs', metricName: 'InferenceQueueDepth' } as const;

/**
 * One CloudWatch embedded-metric-format log line carrying the inference queue depth: CloudWatch
 * Logs turns it into the `FarLabs/InferenceQueueDepth` metric, dimension `Environment`, that
 * scales the GPU capacity provider, with no SDK call and no extra IAM permission.
 *
 * @param input - the depth (tasks waiting for a node, every model), the environment's name and the time.
 * @returns the JSON line, without its newline.
 * @example
 * queueDepthEmfLine({ depth: 3, environment: 'production', at: new Date() })
 */
export function queueDepthEmfLine(input: { depth: number; environment: string; at: Date }): string {
  return JSON.stringify({
    _aws: {
      Timestamp: input.at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: QUEUE_DEPTH_EMF.namespace,
          Dimensions: [['Environment']],
          Metrics: [{ Name: QUEUE_DEPTH_EMF.metricName, Unit: 'Count' }],
        },
      ],
    },
    Environment: input.environment,
    [QUEUE_DEPTH_EMF.metricName]: input.depth,
  });
}
