import { type aws_kms as kms, aws_secretsmanager as secretsmanager } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FarEnvironment } from '../FarEnvironment.js';

/**
 * The secrets the roles read (seed §8: Secrets Manager, never plain environment). The JWT secret
 * and the operator token are generated here; the oracle key (the coordinator's private key, which
 * signs settlements and holds gas) and the price keeper's key (PRICE_KEEPER_ROLE on the
 * AdminPriceFeed, issue 19) are created by the operator before the first deploy (infra/README.md)
 * so no key passes through CloudFormation.
 */
export class FarSecrets extends Construct {
  readonly jwtSecret: secretsmanager.Secret;
  readonly operatorToken: secretsmanager.Secret;
  readonly oracleKey: secretsmanager.ISecret;
  readonly priceKeeperKey: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, env: FarEnvironment, key: kms.IKey) {
    super(scope, id);
    const generated = (name: string, description: string) =>
      new secretsmanager.Secret(this, name, {
        description,
        encryptionKey: key,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
      });
    this.jwtSecret = generated('JwtSecret', `Far Labs ${env.name}: HS256 key of session tokens (JWT_SECRET)`);
    this.operatorToken = generated(
      'OperatorToken',
      `Far Labs ${env.name}: bearer token of /metrics and operator detail (OPERATOR_TOKEN)`,
    );
    this.oracleKey = secretsmanager.Secret.fromSecretNameV2(this, 'OracleKey', oracleKeySecretName(env));
    this.priceKeeperKey = secretsmanager.Secret.fromSecretNameV2(
      this,
      'PriceKeeperKey',
      priceKeeperKeySecretName(env),
    );
  }
}

/**
 * Name of the secret the operator creates with the coordinator's 0x-prefixed private key.
 *
 * @param env - the environment.
 * @returns e.g. `far/production/oracle-key`.
 */
export function oracleKeySecretName(env: Pick<FarEnvironment, 'name'>) {
  return `far/${env.name}/oracle-key`;
}

/**
 * Name of the secret the operator creates with the price keeper's 0x-prefixed private key (the
 * account holding PRICE_KEEPER_ROLE on the AdminPriceFeed; only the worker role reads it).
 *
 * @param env - the environment.
 * @returns e.g. `far/production/price-keeper-key`.
 */
export function priceKeeperKeySecretName(env: Pick<FarEnvironment, 'name'>) {
  return `far/${env.name}/price-keeper-key`;
}
