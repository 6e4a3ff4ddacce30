import {
  aws_ecs as ecs,
  type aws_s3 as s3,
  type aws_secretsmanager as secretsmanager,
  aws_ssm as ssm,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FarCache } from '../data/FarCache.js';
import { DATABASE_NAME, type FarDatabase } from '../data/FarDatabase.js';
import type { FarSecrets } from '../data/FarSecrets.js';
import type { FarEnvironment } from '../FarEnvironment.js';

/** Ports the images listen on (apps/api's PORT default, Next's default). */
export const ROLE_PORTS = { api: 4000, web: 3000 } as const;

/** Health-check paths the ALB and the deploy smoke test use. */
export const HEALTH_PATHS = { api: '/ready', web: '/' } as const;

/** Hostnames of an environment: the web app (CloudFront) and the API (ALB directly). */
export function hostsOf(env: FarEnvironment) {
  return { web: env.domainName, api: `api.${env.domainName}` };
}

/**
 * The private DNS namespace the api and worker tasks register in (Cloud Map, A records).
 *
 * @returns e.g. `production.far.internal`.
 */
export function discoveryNamespace(env: Pick<FarEnvironment, 'name'>) {
  return `${env.name}.far.internal`;
}

/**
 * SSM parameter the contracts-deploy workflow writes with the deployments file (JSON addresses).
 *
 * @returns e.g. `/far/production/deployments`.
 */
export function deploymentsParameterName(env: Pick<FarEnvironment, 'name'>) {
  return `/far/${env.name}/deployments`;
}

export type BackendSettingsInput = {
  env: FarEnvironment;
  database: FarDatabase;
  cache: FarCache;
  secrets: FarSecrets;
  uploads: s3.IBucket;
};

/**
 * The environment and secrets of the `api` and `worker` roles (and the migration task). Plain
 * settings go in `environment`; every credential is an ECS secret resolved from Secrets Manager
 * or SSM when the task starts, so none is in the task definition or the template.
 *
 * @returns `environment` and `secrets` for the container definition.
 */
export function backendSettings(scope: Construct, input: BackendSettingsInput) {
  const { env, database, cache, secrets, uploads } = input;
  const dbSecret = database.instance.secret as secretsmanager.ISecret;
  const hosts = hostsOf(env);
  const environment: Record<string, string> = {
    NODE_ENV: 'production',
    HOST: '0.0.0.0',
    PORT: String(ROLE_PORTS.api),
    PUBLIC_URL: `https://${hosts.api}`,
    WEB_ORIGIN: `https://${hosts.web}`,
    // One proxy appends to X-Forwarded-For: the ALB.
    TRUST_PROXY: '1',
    CLUSTER_NAME: `far-${env.name}`,
    CHAIN_ID: String(env.chain.id),
    CHAIN_RPC_URL: env.chain.rpcUrl,
    PUBLIC_CHAIN_RPC_URL: env.chain.rpcUrl,
    PGHOST: database.instance.dbInstanceEndpointAddress,
    PGPORT: database.instance.dbInstanceEndpointPort,
    PGDATABASE: DATABASE_NAME,
    PGSSLMODE: 'require',
    REDIS_URL: `rediss://${cache.replicationGroup.attrPrimaryEndPointAddress}:${cache.replicationGroup.attrPrimaryEndPointPort}`,
    UPLOADS_BUCKET: uploads.bucketName,
    LOG_LEVEL: 'info',
  };
  const deployments = ssm.StringParameter.fromStringParameterName(
    scope,
    'DeploymentsParameter',
    deploymentsParameterName(env),
  );
  const secretsOf: Record<string, ecs.Secret> = {
    PGUSER: ecs.Secret.fromSecretsManager(dbSecret, 'username'),
    PGPASSWORD: ecs.Secret.fromSecretsManager(dbSecret, 'password'),
    REDIS_PASSWORD: ecs.Secret.fromSecretsManager(cache.authToken),
    JWT_SECRET: ecs.Secret.fromSecretsManager(secrets.jwtSecret),
    OPERATOR_TOKEN: ecs.Secret.fromSecretsManager(secrets.operatorToken),
    COORDINATOR_PRIVATE_KEY: ecs.Secret.fromSecretsManager(secrets.oracleKey),
    DEPLOYMENTS_JSON: ecs.Secret.fromSsmParameter(deployments),
  };
  return { environment, secrets: secretsOf };
}

/** Where the leading worker's price keeper reads FAR/USD (stack parameters, see FarStack). */
type PriceSource = { url: string; field: string };

/**
 * What only the `worker` role gets on top of backendSettings: the price keeper (issue 19). The
 * leading worker runs the background work, so it alone holds the key of PRICE_KEEPER_ROLE and
 * the source it publishes from; api and migrate never see either.
 *
 * @returns `environment` and `secrets` to merge into the worker's container definition.
 */
export function workerSettings(secrets: Pick<FarSecrets, 'priceKeeperKey'>, priceSource: PriceSource) {
  return {
    environment: { PRICE_SOURCE_URL: priceSource.url, PRICE_SOURCE_FIELD: priceSource.field },
    secrets: { PRICE_KEEPER_PRIVATE_KEY: ecs.Secret.fromSecretsManager(secrets.priceKeeperKey) },
  };
}

/**
 * The environment of the `web` role: it renders pages and proxies `/api` and `/v1` to the API.
 *
 * @returns `environment` for the container definition (the web role holds no secret).
 */
export function webSettings(env: FarEnvironment) {
  const hosts = hostsOf(env);
  return {
    NODE_ENV: 'production',
    HOSTNAME: '0.0.0.0',
    PORT: String(ROLE_PORTS.web),
    WEB_PORT: String(ROLE_PORTS.web),
    API_URL: `https://${hosts.api}`,
    NEXT_PUBLIC_API_URL: `https://${hosts.api}`,
  };
}
