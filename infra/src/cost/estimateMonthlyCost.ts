import type { Load, LoadProfile } from './loadProfiles.js';
import type { BillableResources } from './readBillableResources.js';
import { type PriceTable, priceOf } from './readPriceTable.js';

/** One line of the bill: what, and dollars per month. */
export type CostLine = { item: string; monthly: number };

/**
 * Prices an environment's resources for one month at one load. Every line is a list price times
 * a quantity read from the template or the load profile; nothing is rounded until display.
 *
 * @returns the lines, largest first, and their total.
 */
export function estimateMonthlyCost(
  resources: BillableResources,
  profile: LoadProfile,
  load: Load,
  prices: PriceTable,
): { lines: CostLine[]; total: number } {
  const hours = prices.hoursPerMonth;
  const fargate = resources.fargateServices.reduce(
    (sum, s) =>
      sum + s.counts[load] * (s.vcpu * prices.fargate.vcpuHour + s.memoryGb * prices.fargate.gbHour) * hours,
    0,
  );
  const gpu = resources.gpuHosts.reduce((sum, host) => {
    const running = host.counts[load] * profile.gpuDutyCycle;
    const instance = priceOf(prices.ec2Hour, host.instanceType, 'EC2') * hours;
    return sum + running * (instance + host.volumeGb * prices.ebsGp3GbMonth);
  }, 0);
  const database = resources.databases.reduce((sum, db) => {
    const copies = db.multiAz ? 2 : 1;
    const instance = priceOf(prices.rdsHourSingleAz, db.instanceClass, 'RDS') * hours;
    return sum + copies * (instance + db.storageGb * prices.rdsGp3GbMonthSingleAz);
  }, 0);
  const cache = resources.caches.reduce(
    (sum, c) => sum + c.nodes * priceOf(prices.elasticacheHour, c.nodeType, 'ElastiCache') * hours,
    0,
  );
  const lines: CostLine[] = [
    { item: 'ECS Fargate tasks (web, api, worker)', monthly: fargate },
    { item: 'GPU hosts (EC2 + EBS) for far-nodes', monthly: gpu },
    { item: 'RDS PostgreSQL (Multi-AZ instance + gp3 storage)', monthly: database },
    { item: 'ElastiCache Redis (primary + replica)', monthly: cache },
    {
      item: 'NAT gateways (hours + data processed)',
      monthly:
        resources.natGateways * prices.natGateway.hour * hours +
        profile.natGbProcessed * prices.natGateway.gbProcessed,
    },
    { item: 'Public IPv4 addresses', monthly: resources.publicIpv4Addresses * prices.publicIpv4Hour * hours },
    {
      item: 'Application Load Balancer (hours + LCUs)',
      monthly:
        resources.loadBalancers * prices.alb.hour * hours + profile.albLcus * prices.alb.lcuHour * hours,
    },
    {
      item: 'CloudFront (data out + HTTPS requests)',
      monthly:
        resources.distributions *
        (profile.cloudfrontGbOut * prices.cloudfront.gbOut +
          (profile.requestsPerMonth / 10_000) * prices.cloudfront.per10kHttpsRequests),
    },
    { item: 'API data out to the internet (ALB)', monthly: profile.apiGbOut * prices.internetGbOut },
    {
      item: 'WAF (web ACL, rules, requests)',
      monthly:
        resources.webAcls * prices.waf.webAclMonth +
        resources.wafRules * prices.waf.ruleMonth +
        (profile.requestsPerMonth / 1_000_000) * prices.waf.perMillionRequests,
    },
    { item: 'S3 storage (three buckets)', monthly: profile.storedGb * prices.s3.standardGbMonth },
    {
      item: 'CloudWatch (alarms, logs, custom metrics)',
      monthly:
        resources.alarms * prices.cloudwatch.alarmMonth +
        profile.logsGb * (prices.cloudwatch.logsIngestGb + prices.cloudwatch.logsStoreGbMonth) +
        resources.customMetrics * prices.cloudwatch.customMetricMonth,
    },
    {
      item: 'KMS keys and Secrets Manager secrets',
      monthly: resources.kmsKeys * prices.kmsKeyMonth + resources.secrets * prices.secretMonth,
    },
  ];
  const sorted = lines.sort((a, b) => b.monthly - a.monthly);
  return { lines: sorted, total: sorted.reduce((sum, line) => sum + line.monthly, 0) };
}
