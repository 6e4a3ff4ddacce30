import { CfnParameter } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * The deploy-time inputs of an environment stack, as CloudFormation parameters so `cdk synth`
 * needs no AWS account or network: the ACM certificate, the image tag the pipeline built, and the
 * price keeper's FAR/USD source (issue 19). The source URL has no default — there is no public FAR
 * market to assume — so a deploy without it is refused by CloudFormation before anything changes.
 *
 * @param hosts - the environment's web and API hostnames, named in the certificate's description.
 * @returns the parameters' values (tokens resolved at deploy time).
 */
export function declareStackParameters(scope: Construct, hosts: { web: string; api: string }) {
  const certificateArn = new CfnParameter(scope, 'CertificateArn', {
    description: `ACM certificate in us-east-1 (CloudFront and the ALB) covering ${hosts.web} and ${hosts.api}`,
    allowedPattern: '^arn:aws:acm:[a-z0-9-]+:\\d{12}:certificate/.+$',
  }).valueAsString;
  const imageTag = new CfnParameter(scope, 'ImageTag', {
    description: 'Tag (the git commit) of the api, web and far-node images in ECR',
    allowedPattern: '^[A-Za-z0-9._-]{1,128}$',
  }).valueAsString;
  const priceSource = {
    url: new CfnParameter(scope, 'PriceSourceUrl', {
      description:
        "HTTPS URL of a JSON document holding FAR/USD, which the leading worker's price keeper publishes to the AdminPriceFeed",
      allowedPattern: '^https://\\S+$',
      constraintDescription:
        'must be the https:// URL of the FAR/USD price source (GitHub variable PRICE_SOURCE_URL, infra/README.md)',
    }).valueAsString,
    field: new CfnParameter(scope, 'PriceSourceField', {
      description: 'Dot path of the price, in dollars, in that document (e.g. data.price)',
      default: 'farUsd',
      allowedPattern: '^[A-Za-z0-9_.-]{1,128}$',
    }).valueAsString,
  };
  return { certificateArn, imageTag, priceSource };
}
