import { readFileSync } from 'node:fs';
import { z } from 'zod';

const rate = z.number().nonnegative();
const byType = z.record(z.string(), rate);

/** The committed price table: one region, one date, on-demand list prices. */
export const priceTableSchema = z.object({
  region: z.string(),
  date: z.iso.date(),
  currency: z.literal('USD'),
  source: z.string(),
  hoursPerMonth: z.number().positive(),
  fargate: z.object({ vcpuHour: rate, gbHour: rate }),
  ec2Hour: byType,
  ebsGp3GbMonth: rate,
  rdsHourSingleAz: byType,
  rdsGp3GbMonthSingleAz: rate,
  elasticacheHour: byType,
  natGateway: z.object({ hour: rate, gbProcessed: rate }),
  publicIpv4Hour: rate,
  alb: z.object({ hour: rate, lcuHour: rate }),
  cloudfront: z.object({ gbOut: rate, per10kHttpsRequests: rate }),
  internetGbOut: rate,
  s3: z.object({ standardGbMonth: rate, per1kPut: rate, per1kGet: rate }),
  waf: z.object({ webAclMonth: rate, ruleMonth: rate, perMillionRequests: rate }),
  kmsKeyMonth: rate,
  secretMonth: rate,
  cloudwatch: z.object({
    alarmMonth: rate,
    logsIngestGb: rate,
    logsStoreGbMonth: rate,
    customMetricMonth: rate,
  }),
  ecrGbMonth: rate,
});

export type PriceTable = z.infer<typeof priceTableSchema>;

/**
 * Reads the committed price table (infra/src/cost/prices-us-east-1.json).
 *
 * @returns the parsed table; throws on a malformed file.
 */
export function readPriceTable(path = new URL('./prices-us-east-1.json', import.meta.url)) {
  return priceTableSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * A price by instance type, failing loudly for a type the table does not list (a new instance
 * type in the stack must be priced, not silently free).
 */
export function priceOf(table: Record<string, number>, type: string, what: string) {
  const price = table[type];
  if (price === undefined) throw new Error(`the price table has no ${what} price for ${type}`);
  return price;
}
