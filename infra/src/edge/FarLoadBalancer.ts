import {
  aws_certificatemanager as acm,
  Duration,
  aws_ec2 as ec2,
  aws_elasticloadbalancingv2 as elbv2,
  type aws_s3 as s3,
  aws_wafv2 as wafv2,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';
import { SUBNETS } from '../network/FarNetwork.js';

/**
 * Seconds a connection may stay silent before the ALB closes it: longer than the API's
 * WebSocket/socket.io pings and an SSE completion's gap between tokens on a slow node.
 */
export const ALB_IDLE_TIMEOUT_SECONDS = 300;

/**
 * The public entry: an internet-facing ALB in the public subnets, HTTPS only (TLS 1.2+, the ACM
 * certificate given at deploy time), port 80 answering with a redirect to 443, access logs to the
 * logs bucket, no sticky sessions (any API replica serves any request; socket.io rooms span
 * replicas through Redis), and a WAF web ACL with per-IP rate rules and AWS's managed rule sets.
 * Roles attach with `addRole`: `api.<domain>` routes to the API, everything else to the web app.
 */
export class FarLoadBalancer extends Construct {
  readonly alb: elbv2.ApplicationLoadBalancer;
  readonly https: elbv2.ApplicationListener;
  readonly webAcl: wafv2.CfnWebACL;

  constructor(
    scope: Construct,
    id: string,
    props: { env: FarEnvironment; vpc: ec2.IVpc; certificateArn: string; logs: s3.IBucket },
  ) {
    super(scope, id);
    const { env, vpc } = props;
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'ALB: HTTPS and the HTTP redirect from anywhere',
      allowAllOutbound: false,
    });
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS');
    securityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, redirected to HTTPS');
    this.alb = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetGroupName: SUBNETS.public },
      securityGroup,
      idleTimeout: Duration.seconds(ALB_IDLE_TIMEOUT_SECONDS),
      dropInvalidHeaderFields: true,
      http2Enabled: true,
      deletionProtection: env.name === 'production',
    });
    this.alb.logAccessLogs(props.logs, 'access/alb');
    this.alb.addRedirect({ sourcePort: 80, targetPort: 443 });
    this.https = this.alb.addListener('Https', {
      port: 443,
      certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    });
    this.webAcl = createWebAcl(this, env);
    new wafv2.CfnWebACLAssociation(this, 'WafAssociation', {
      resourceArn: this.alb.loadBalancerArn,
      webAclArn: this.webAcl.attrArn,
    });
  }

  /**
   * Routes a host (or, with no host, every request no other rule took) to a role's service.
   *
   * @returns the target group, for request-count scaling.
   */
  addRole(options: {
    id: string;
    target: elbv2.IApplicationLoadBalancerTarget;
    port: number;
    healthPath: string;
    host?: string;
    priority?: number;
  }) {
    const targetGroup = new elbv2.ApplicationTargetGroup(this, `${options.id}Targets`, {
      vpc: this.alb.vpc,
      port: options.port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [options.target],
      healthCheck: { path: options.healthPath, healthyHttpCodes: '200-399', interval: Duration.seconds(15) },
      // Long enough for in-flight completions to finish when a task is replaced (graceful drain).
      deregistrationDelay: Duration.seconds(60),
    });
    if (options.host) {
      this.https.addTargetGroups(`${options.id}Route`, {
        targetGroups: [targetGroup],
        priority: options.priority ?? 10,
        conditions: [elbv2.ListenerCondition.hostHeaders([options.host])],
      });
    } else {
      this.https.addTargetGroups(`${options.id}Default`, { targetGroups: [targetGroup] });
    }
    return targetGroup;
  }
}

function rateRule(
  name: string,
  priority: number,
  limit: number,
  options: { path?: string; forwarded?: boolean } = {},
): wafv2.CfnWebACL.RuleProperty {
  const { path } = options;
  const scopeDownStatement = path
    ? {
        byteMatchStatement: {
          fieldToMatch: { uriPath: {} },
          positionalConstraint: 'STARTS_WITH',
          searchString: path,
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      }
    : undefined;
  return {
    name,
    priority,
    action: { block: {} },
    statement: {
      rateBasedStatement: {
        limit,
        ...(options.forwarded
          ? {
              aggregateKeyType: 'FORWARDED_IP',
              forwardedIpConfig: { headerName: 'X-Forwarded-For', fallbackBehavior: 'MATCH' },
            }
          : { aggregateKeyType: 'IP' }),
        ...(scopeDownStatement ? { scopeDownStatement } : {}),
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

function managedRule(name: string, priority: number, countOnly: string[] = []): wafv2.CfnWebACL.RuleProperty {
  const ruleActionOverrides = countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } }));
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(ruleActionOverrides.length > 0 ? { ruleActionOverrides } : {}),
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

/** Per-client rate limits (all traffic; sign-in tighter) before AWS's managed common and bad-input rules. */
function createWebAcl(scope: Construct, env: FarEnvironment) {
  return new wafv2.CfnWebACL(scope, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: {
      cloudWatchMetricsEnabled: true,
      metricName: `far-${env.name}-alb`,
      sampledRequestsEnabled: true,
    },
    rules: [
      // Direct callers (API clients, far-nodes) by source IP; CloudFront's edges stay far below this.
      rateRule('rate-per-ip', 0, env.wafRateLimitPer5Min),
      // Web visitors arrive through CloudFront, which names them in X-Forwarded-For.
      rateRule('rate-per-forwarded-ip', 1, env.wafRateLimitPer5Min, { forwarded: true }),
      rateRule('rate-sign-in-per-ip', 2, 300, { path: '/api/auth' }),
      managedRule('AWSManagedRulesAmazonIpReputationList', 3),
      managedRule('AWSManagedRulesKnownBadInputsRuleSet', 4),
      // Prompts and uploads are larger than the common rule set's 8 KB body limit; the API caps bodies itself.
      managedRule('AWSManagedRulesCommonRuleSet', 5, ['SizeRestrictions_BODY']),
    ],
  });
}
