import {
  aws_cloudwatch_actions as actions,
  aws_cloudwatch as cloudwatch,
  Duration,
  type aws_ecs as ecs,
  type aws_elasticache as elasticache,
  aws_elasticloadbalancingv2 as elbv2,
  type aws_rds as rds,
  type aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { QUEUE_DEPTH_METRIC } from '../compute/FarGpuNodes.js';
import type { FarEnvironment } from '../FarEnvironment.js';

export type FarAlarmsProps = {
  env: FarEnvironment;
  /** The encrypted topic operators subscribe to (the GPU hosts' scaling events go there too). */
  topic: sns.ITopic;
  alb: elbv2.ApplicationLoadBalancer;
  targets: { api: elbv2.ApplicationTargetGroup; web: elbv2.ApplicationTargetGroup };
  services: { api: ecs.BaseService; worker: ecs.BaseService; web: ecs.BaseService };
  database: rds.DatabaseInstance;
  cache: elasticache.CfnReplicationGroup;
};

/**
 * The CloudWatch alarms of the infrastructure layer (what AWS itself measures: 5xx, latency,
 * unhealthy targets, running tasks, database and Redis pressure, a queue GPU capacity cannot
 * drain), all sent to the environment's encrypted SNS topic. The application's own
 * alerts (settlement, indexer, ledger audit) are Prometheus rules in ops/monitoring.
 */
export class FarAlarms extends Construct {
  constructor(scope: Construct, id: string, props: FarAlarmsProps) {
    super(scope, id);
    const { env } = props;
    const alarm = (
      name: string,
      metric: cloudwatch.Metric,
      options: Partial<cloudwatch.CreateAlarmOptions>,
    ) => {
      const created = metric.createAlarm(this, name, {
        alarmName: `far-${env.name}-${name}`,
        threshold: 0,
        evaluationPeriods: 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      created.addAlarmAction(new actions.SnsAction(props.topic));
      created.addOkAction(new actions.SnsAction(props.topic));
      return created;
    };
    const lb = props.alb.metrics;
    alarm('alb-5xx', lb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: Duration.minutes(1) }), {
      threshold: 20,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    alarm(
      'api-5xx',
      props.targets.api.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: Duration.minutes(1),
      }),
      { threshold: 20, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD },
    );
    alarm(
      'api-p99-latency',
      props.targets.api.metrics.targetResponseTime({ statistic: 'p99', period: Duration.minutes(1) }),
      {
        threshold: 2,
        evaluationPeriods: 5,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      },
    );
    for (const [role, targets] of Object.entries(props.targets)) {
      alarm(
        `${role}-unhealthy-targets`,
        targets.metrics.unhealthyHostCount({ period: Duration.minutes(1) }),
        {
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        },
      );
    }
    alarm('worker-not-running', runningTasks(props.services.worker), {
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    alarm('database-cpu', props.database.metricCPUUtilization({ period: Duration.minutes(5) }), {
      threshold: 80,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    alarm('database-storage-low', props.database.metricFreeStorageSpace({ period: Duration.minutes(5) }), {
      threshold: 10 * 1024 ** 3,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    });
    alarm('redis-memory', redisMetric(props.cache, 'DatabaseMemoryUsagePercentage'), {
      threshold: 80,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    alarm(
      'inference-queue-backlog',
      new cloudwatch.Metric({
        ...QUEUE_DEPTH_METRIC,
        dimensionsMap: { Environment: env.name },
        statistic: 'Minimum',
        period: Duration.minutes(5),
      }),
      { threshold: 50, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD },
    );
  }
}

function runningTasks(service: ecs.BaseService) {
  return new cloudwatch.Metric({
    namespace: 'ECS/ContainerInsights',
    metricName: 'RunningTaskCount',
    dimensionsMap: { ClusterName: service.cluster.clusterName, ServiceName: service.serviceName },
    statistic: 'Minimum',
    period: Duration.minutes(1),
  });
}

function redisMetric(cache: elasticache.CfnReplicationGroup, metricName: string) {
  return new cloudwatch.Metric({
    namespace: 'AWS/ElastiCache',
    metricName,
    // Node metrics are per member; -001 is the first node of the group (the primary at creation).
    dimensionsMap: { CacheClusterId: `${cache.ref}-001` },
    statistic: 'Maximum',
    period: Duration.minutes(5),
  });
}
