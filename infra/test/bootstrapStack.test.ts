import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { bootstrapEnvironment, FAR_ENVIRONMENTS } from '../src/FarEnvironment.js';
import { FarStack } from '../src/FarStack.js';

describe('a first deploy (-c bootstrap=true)', () => {
  const app = new App();
  const stack = new FarStack(app, 'Bootstrap', {
    farEnv: bootstrapEnvironment(FAR_ENVIRONMENTS.production),
    availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    env: { account: '123456789012', region: 'us-east-1' },
  });
  const template = Template.fromStack(stack);

  it('starts no task of any role before the first migration ran', () => {
    const services = Object.values(template.findResources('AWS::ECS::Service'));
    expect(services).toHaveLength(4);
    for (const service of services) expect(service.Properties.DesiredCount).toBe(0);
    for (const target of Object.values(
      template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'),
    )) {
      expect(target.Properties.MinCapacity).toBe(0);
    }
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '0' });
  });

  it('still creates the data layer and the migration task definition', () => {
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    template.resourceCountIs('AWS::ElastiCache::ReplicationGroup', 1);
    template.hasOutput('MigrationTaskDefinition', {});
  });
});
