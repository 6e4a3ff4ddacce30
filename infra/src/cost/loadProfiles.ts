/** The three loads the estimate is given for. */
export const LOADS = ['low', 'medium', 'high'] as const;
export type Load = (typeof LOADS)[number];

/**
 * What a month looks like at each load, per environment. Task counts come from the stack itself
 * (low: every autoscaled service at its minimum; medium: at its desired count; high: at its
 * maximum); these figures are the traffic the stack cannot tell. Production's medium is a
 * network serving ~2 million completions a month; staging sees a small fraction.
 */
export type LoadProfile = {
  /** HTTP requests through CloudFront and the ALB, per month. */
  requestsPerMonth: number;
  /** Bytes served to the internet through CloudFront (pages, assets), GB per month. */
  cloudfrontGbOut: number;
  /** Bytes served by the API directly from the ALB (streamed completions, JSON), GB per month. */
  apiGbOut: number;
  /** Bytes through the NAT gateways (chain RPC, image pulls outside the S3 endpoint), GB per month. */
  natGbProcessed: number;
  /** Logs written to CloudWatch (roles, flow logs), GB per month. */
  logsGb: number;
  /** Objects kept in the three buckets (uploads, game builds, models, logs, assets), GB. */
  storedGb: number;
  /** Fraction of the month the GPU capacity runs at the level's node count. */
  gpuDutyCycle: number;
  /** ALB load balancer capacity units averaged over the month. */
  albLcus: number;
};

export const LOAD_PROFILES: Record<'staging' | 'production', Record<Load, LoadProfile>> = {
  staging: {
    low: {
      requestsPerMonth: 200_000,
      cloudfrontGbOut: 5,
      apiGbOut: 2,
      natGbProcessed: 20,
      logsGb: 5,
      storedGb: 50,
      gpuDutyCycle: 0,
      albLcus: 1,
    },
    medium: {
      requestsPerMonth: 2_000_000,
      cloudfrontGbOut: 30,
      apiGbOut: 10,
      natGbProcessed: 50,
      logsGb: 15,
      storedGb: 150,
      gpuDutyCycle: 0.25,
      albLcus: 1,
    },
    high: {
      requestsPerMonth: 10_000_000,
      cloudfrontGbOut: 120,
      apiGbOut: 50,
      natGbProcessed: 150,
      logsGb: 40,
      storedGb: 400,
      gpuDutyCycle: 0.5,
      albLcus: 2,
    },
  },
  production: {
    low: {
      requestsPerMonth: 5_000_000,
      cloudfrontGbOut: 100,
      apiGbOut: 40,
      natGbProcessed: 100,
      logsGb: 30,
      storedGb: 500,
      gpuDutyCycle: 1,
      albLcus: 2,
    },
    medium: {
      requestsPerMonth: 50_000_000,
      cloudfrontGbOut: 1_000,
      apiGbOut: 400,
      natGbProcessed: 500,
      logsGb: 150,
      storedGb: 2_000,
      gpuDutyCycle: 1,
      albLcus: 10,
    },
    high: {
      requestsPerMonth: 300_000_000,
      cloudfrontGbOut: 6_000,
      apiGbOut: 2_500,
      natGbProcessed: 2_500,
      logsGb: 600,
      storedGb: 8_000,
      gpuDutyCycle: 1,
      albLcus: 60,
    },
  },
};
