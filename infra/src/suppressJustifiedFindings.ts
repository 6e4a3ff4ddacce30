import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

type Justification = { path: RegExp; rule: string | ((construct: IConstruct) => string); reason: string };

const nag = (rule: string) => `AwsSolutions::AwsSolutions-${rule}`;

/** The logical id CloudFormation gives a construct's resource, as cdk-nag names it in findings. */
function logicalIdOf(construct: IConstruct, childPath: string) {
  const resource = construct.node.findAll().find((c) => c.node.path.endsWith(childPath));
  if (!(resource instanceof CfnElement)) throw new Error(`no resource at ${childPath}`);
  return Stack.of(resource).getLogicalId(resource);
}

/**
 * Every cdk-nag AwsSolutions finding this deployment keeps on purpose, with the reason an auditor
 * reads. A finding not listed here fails `npm run infra:synth`; an entry is matched by construct
 * path so a new resource of the same kind is checked afresh.
 */
const JUSTIFICATIONS: Justification[] = [
  {
    path: /\/(Role-\w+|GpuNodes)\/Task\/Resource$/,
    rule: nag('ECS2'),
    reason:
      'Only non-secret settings (hosts, ports, chain id, public URLs) are plain environment; every credential is an ECS secret from Secrets Manager or SSM.',
  },
  {
    path: /\/Task\/ExecutionRole\/DefaultPolicy\/Resource$/,
    rule: nag('IAM5[Resource::*]'),
    reason:
      'ecr:GetAuthorizationToken has no resource-level permissions; image pulls are scoped to the repositories.',
  },
  {
    path: /\/GpuNodes\/HostRole\/DefaultPolicy\/Resource$/,
    rule: nag('IAM5[Resource::*]'),
    reason:
      'The ECS agent policy the cluster adds (ecs:DiscoverPollEndpoint, ecr:GetAuthorizationToken, logs) has no resource-level form.',
  },
  {
    path: /\/GpuNodes\/HostRole\/DefaultPolicy\/Resource$/,
    rule: nag('IAM5[Action::ecs:Submit*]'),
    reason:
      "The ECS agent's state reporting (SubmitTaskStateChange, SubmitContainerStateChange) on this cluster only.",
  },
  {
    path: /\/(Role-\w+\/Task\/TaskRole|GpuNodes\/HostRole)\/DefaultPolicy\/Resource$/,
    rule: (construct) => {
      const stack = Stack.of(construct);
      const bucket = logicalIdOf(stack, '/Buckets/GameBuildsAndUploads/Resource');
      return nag(
        `IAM5[Resource::<${bucket}.Arn>/${construct.node.path.includes('GpuNodes') ? 'models/' : ''}*]`,
      );
    },
    reason:
      'Object-level access to the uploads bucket (or its models/ prefix): object keys are chosen at run time.',
  },
  {
    path: /\/(Secrets\/\w+|Database\/Postgres\/Secret|Cache\/AuthToken)\/Resource$/,
    rule: nag('SMG4'),
    reason:
      'Rotated by the runbook (infra/README.md) with a rolling restart: the JWT key, operator token and Redis AUTH are read at start, and rotating the database password needs the app to re-read it (issue 17 follow-up).',
  },
  {
    path: /\/Database\/Postgres\/Resource$/,
    rule: nag('RDS11'),
    reason:
      'Default port; the security group admits only the api, worker and migrate tasks, so a changed port hides nothing.',
  },
  {
    path: /^Staging\/.*\/Database\/Postgres\/Resource$/,
    rule: nag('RDS10'),
    reason: 'Staging is rebuilt at will; production has deletion protection.',
  },
  {
    path: /\/Cache\/Redis$/,
    rule: nag('AEC5'),
    reason: 'Default port; the security group admits only the api, worker and migrate tasks.',
  },
  {
    path: /\/LoadBalancer\/SecurityGroup\/Resource$/,
    rule: nag('EC23'),
    reason: 'The public entry point: 443 and the 80→443 redirect are open to the internet by design.',
  },
  {
    path: /\/Edge\/Distribution\/Resource$/,
    rule: nag('CFR1'),
    reason: 'A global network: no country is restricted.',
  },
  {
    path: /\/Edge\/Distribution\/Resource$/,
    rule: nag('CFR2'),
    reason:
      "Every dynamic request CloudFront forwards reaches the ALB, whose WAF applies rate limits per forwarded client IP and AWS's managed rules; the static assets behind it are immutable, cached files.",
  },
];

/**
 * Acknowledges the justified cdk-nag findings on a stack's constructs.
 *
 * @param stack - a FarStack, after all its constructs exist.
 */
export function suppressJustifiedFindings(stack: Stack) {
  for (const construct of stack.node.findAll()) {
    for (const justification of JUSTIFICATIONS) {
      if (!justification.path.test(construct.node.path)) continue;
      const id = typeof justification.rule === 'string' ? justification.rule : justification.rule(construct);
      Validations.of(construct).acknowledge({ id, reason: justification.reason });
    }
  }
}
