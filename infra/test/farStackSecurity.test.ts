import { describe, expect, it } from 'vitest';
import {
  ENVIRONMENT_STACKS,
  readTemplates,
  resourcesOf,
  type TemplateJson,
} from './support/readTemplates.js';

const stacks = readTemplates();
const everyStack = [...stacks.entries()];

type Statement = { Effect: string; Action?: unknown; Resource?: unknown; Principal?: unknown };

const asList = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** Every IAM statement of a template: policies, roles' inline policies, managed policies. */
function iamStatements(json: TemplateJson) {
  const documents = [
    ...resourcesOf(json, 'AWS::IAM::Policy').map(([, p]) => p.PolicyDocument),
    ...resourcesOf(json, 'AWS::IAM::ManagedPolicy').map(([, p]) => p.PolicyDocument),
    ...resourcesOf(json, 'AWS::IAM::Role').flatMap(([, p]) =>
      asList(p.Policies).map((policy) => (policy as { PolicyDocument: unknown }).PolicyDocument),
    ),
  ] as { Statement: Statement[] }[];
  return documents.flatMap((document) => document.Statement);
}

/** The logical ids of the security groups a template's data stores use. */
function dataSecurityGroups(json: TemplateJson) {
  return Object.keys(json.Resources).filter((id) => /^(Database|Cache)SecurityGroup[0-9A-F]{8}$/.test(id));
}

describe.each(ENVIRONMENT_STACKS)('%s security', (stackName) => {
  const { json } = stacks.get(stackName) ?? expect.unreachable();

  it('opens no port to the internet except 80 and 443 on the load balancer', () => {
    const open = (rule: Record<string, unknown>) => rule.CidrIp === '0.0.0.0/0' || rule.CidrIpv6 === '::/0';
    const inline = resourcesOf(json, 'AWS::EC2::SecurityGroup').flatMap(([id, p]) =>
      asList(p.SecurityGroupIngress).map((rule) => ({ id, rule: rule as Record<string, unknown> })),
    );
    const separate = resourcesOf(json, 'AWS::EC2::SecurityGroupIngress').map(([, rule]) => ({
      id: JSON.stringify(rule.GroupId),
      rule,
    }));
    const public_ = [...inline, ...separate].filter(({ rule }) => open(rule));
    expect(public_.length).toBeGreaterThan(0);
    for (const { id, rule } of public_) {
      expect(id).toMatch(/^LoadBalancerSecurityGroup/);
      expect([80, 443]).toContain(rule.FromPort);
      expect(rule.ToPort).toBe(rule.FromPort);
    }
  });

  it('lets PostgreSQL and Redis be reached only from the api, worker and migrate task groups', () => {
    const groups = dataSecurityGroups(json);
    expect(groups).toHaveLength(2);
    for (const group of groups) {
      const [, properties] = resourcesOf(json, 'AWS::EC2::SecurityGroup').find(([id]) => id === group) ?? [];
      expect(properties?.SecurityGroupIngress).toBeUndefined();
      const rules = resourcesOf(json, 'AWS::EC2::SecurityGroupIngress').filter(
        ([, rule]) => JSON.stringify(rule.GroupId) === JSON.stringify({ 'Fn::GetAtt': [group, 'GroupId'] }),
      );
      const sources = rules.map(
        ([, rule]) => (rule.SourceSecurityGroupId as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
      );
      expect(sources.map((s) => s?.replace(/SecurityGroup.*$/, '')).sort()).toEqual([
        'RolesRoleapi',
        'RolesRolemigrate',
        'RolesRoleworker',
      ]);
      for (const [, rule] of rules) {
        expect(rule.CidrIp).toBeUndefined();
        expect(rule.CidrIpv6).toBeUndefined();
      }
    }
  });

  it('encrypts everything at rest', () => {
    for (const [, bucket] of resourcesOf(json, 'AWS::S3::Bucket')) {
      expect(bucket.BucketEncryption).toBeDefined();
    }
    for (const [, db] of resourcesOf(json, 'AWS::RDS::DBInstance')) {
      expect(db).toMatchObject({ StorageEncrypted: true, KmsKeyId: expect.anything() });
    }
    for (const [, cache] of resourcesOf(json, 'AWS::ElastiCache::ReplicationGroup')) {
      expect(cache).toMatchObject({ AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true });
    }
    for (const [, secret] of resourcesOf(json, 'AWS::SecretsManager::Secret')) {
      expect(secret.KmsKeyId).toBeDefined();
    }
    for (const [, topic] of resourcesOf(json, 'AWS::SNS::Topic')) {
      expect(topic.KmsMasterKeyId).toBeDefined();
    }
    for (const [, template] of resourcesOf(json, 'AWS::EC2::LaunchTemplate')) {
      const data = template.LaunchTemplateData as { BlockDeviceMappings: { Ebs: { Encrypted: boolean } }[] };
      for (const device of data.BlockDeviceMappings) expect(device.Ebs.Encrypted).toBe(true);
    }
    for (const [, key] of resourcesOf(json, 'AWS::KMS::Key')) {
      expect(key.EnableKeyRotation).toBe(true);
    }
  });

  it('makes no bucket public: all public access blocked, TLS enforced, no Allow to everyone', () => {
    for (const [, bucket] of resourcesOf(json, 'AWS::S3::Bucket')) {
      expect(bucket.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    }
    for (const [, policy] of resourcesOf(json, 'AWS::S3::BucketPolicy')) {
      const statements = (policy.PolicyDocument as { Statement: Statement[] }).Statement;
      expect(
        statements.some((s) => s.Effect === 'Deny' && JSON.stringify(s).includes('aws:SecureTransport')),
      ).toBe(true);
      for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
        expect(statement.Principal).not.toBe('*');
        expect(statement.Principal).not.toEqual({ AWS: '*' });
      }
    }
  });

  it('runs every container as a non-root user on a read-only root filesystem', () => {
    const containers = resourcesOf(json, 'AWS::ECS::TaskDefinition').flatMap(
      ([, task]) =>
        task.ContainerDefinitions as { Name: string; User?: string; ReadonlyRootFilesystem?: boolean }[],
    );
    expect(containers.map((c) => c.Name).sort()).toEqual(['api', 'far-node', 'migrate', 'web', 'worker']);
    for (const container of containers) {
      expect(container.User, container.Name).toMatch(/^[1-9]\d*(:\d+)?$/);
      expect(container.ReadonlyRootFilesystem, container.Name).toBe(true);
    }
  });

  it('puts no credential in a plain environment variable', () => {
    const containers = resourcesOf(json, 'AWS::ECS::TaskDefinition').flatMap(
      ([, task]) => task.ContainerDefinitions as { Environment?: { Name: string }[] }[],
    );
    for (const container of containers) {
      for (const variable of container.Environment ?? []) {
        expect(variable.Name).not.toMatch(/SECRET|PASSWORD|PRIVATE_KEY|TOKEN|WALLET_KEY/);
      }
    }
  });

  it('keeps every task off public IPs, in the private subnets', () => {
    for (const [, service] of resourcesOf(json, 'AWS::ECS::Service')) {
      const network = service.NetworkConfiguration as
        | { AwsvpcConfiguration: { AssignPublicIp: string; Subnets: { Ref: string }[] } }
        | undefined;
      if (!network) continue; // the GPU service uses bridge networking on hosts in the private subnets
      expect(network.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
      for (const subnet of network.AwsvpcConfiguration.Subnets) expect(subnet.Ref).toMatch(/private/);
    }
  });
});

describe.each(everyStack)('%s IAM', (_name, { json }) => {
  it('grants no `*` action, and no action family on `*` resources', () => {
    const statements = iamStatements(json).filter((s) => s.Effect === 'Allow');
    for (const statement of statements) {
      const actions = asList(statement.Action) as string[];
      const resources = asList(statement.Resource);
      expect(actions).not.toContain('*');
      expect(actions.filter((a) => a.endsWith(':*'))).toEqual([]);
      if (resources.includes('*')) {
        // Actions AWS offers no resource-level permission for (ECR login, the ECS agent, X-Ray).
        for (const action of actions) {
          expect(action).toMatch(
            /^(ecr:GetAuthorizationToken|ecs:(DiscoverPollEndpoint|Poll|StartTelemetrySession|RegisterContainerInstance|DeregisterContainerInstance|Submit\*|SubmitTaskStateChange|SubmitContainerStateChange)|ecr:BatchCheckLayerAvailability|logs:CreateLogStream|logs:PutLogEvents|ec2:DescribeTags|ecs:TagResource|ecs:UpdateContainerInstancesState)$/,
          );
        }
      }
    }
  });
});
