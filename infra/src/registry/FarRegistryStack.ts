import { aws_ecr as ecr, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** The images the pipeline builds, one per app (issue 17: `api` also runs `worker` and `migrate`). */
export const FAR_IMAGES = ['api', 'web', 'far-node'] as const;
export type FarImage = (typeof FAR_IMAGES)[number];

/**
 * ECR repository name of an image.
 *
 * @returns e.g. `far/api`.
 */
export function repositoryName(image: FarImage) {
  return `far/${image}`;
}

/**
 * The image repositories, shared by staging and production so production runs the very image
 * staging tested (promotion re-tags nothing, it deploys the same digest). Deployed once per
 * account before the environments; scan on push, immutable tags, old untagged images expire.
 */
export class FarRegistryStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    for (const image of FAR_IMAGES) {
      new ecr.Repository(this, `Repository-${image}`, {
        repositoryName: repositoryName(image),
        imageScanOnPush: true,
        imageTagMutability: ecr.TagMutability.IMMUTABLE,
        encryption: ecr.RepositoryEncryption.KMS,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [
          { description: 'untagged images', tagStatus: ecr.TagStatus.UNTAGGED, maxImageCount: 20 },
        ],
      });
    }
  }
}
