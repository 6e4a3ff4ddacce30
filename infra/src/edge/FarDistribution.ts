import {
  aws_certificatemanager as acm,
  aws_cloudfront as cloudfront,
  Duration,
  type aws_elasticloadbalancingv2 as elbv2,
  aws_cloudfront_origins as origins,
  type aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';

/**
 * CloudFront of seed §3 in front of the web app and its static assets: `/_next/static/*` from the
 * assets bucket through origin access control (the bucket stays private), everything else from
 * the ALB over HTTPS with caching off and every header, cookie and query forwarded (pages are
 * per-user). HTTP viewers are redirected; TLS 1.2+; access logs to the logs bucket.
 */
export class FarDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(
    scope: Construct,
    id: string,
    props: {
      env: FarEnvironment;
      alb: elbv2.IApplicationLoadBalancer;
      assets: s3.IBucket;
      logs: s3.IBucket;
      certificateArn: string;
    },
  ) {
    super(scope, id);
    const { env } = props;
    const albOrigin = new origins.LoadBalancerV2Origin(props.alb, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(60),
      keepaliveTimeout: Duration.seconds(60),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Far Labs ${env.name}`,
      domainNames: [env.domainName],
      certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logs,
      logFilePrefix: 'access/cloudfront/',
      defaultBehavior: {
        origin: albOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: {
        '/_next/static/*': {
          origin: origins.S3BucketOrigin.withOriginAccessControl(props.assets),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          compress: true,
        },
      },
    });
  }
}
