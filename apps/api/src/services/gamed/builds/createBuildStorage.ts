import { S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../../config/parseConfig.js';
import type { BuildStorage } from './BuildStorage.js';
import { createLocalBuildStorage, localBuildFolder } from './createLocalBuildStorage.js';
import { createS3BuildStorage } from './createS3BuildStorage.js';

/**
 * The build storage the config names: `GAMED_STORAGE=local` (default) keeps builds under
 * DATA_DIR; `s3` uses `GAMED_S3_BUCKET` at `GAMED_S3_ENDPOINT` (AWS when unset), with credentials
 * from the AWS SDK's usual environment.
 *
 * @example
 * const storage = createBuildStorage(config);
 */
export function createBuildStorage(
  config: Pick<
    Config,
    | 'DATA_DIR'
    | 'GAMED_STORAGE'
    | 'GAMED_S3_BUCKET'
    | 'GAMED_S3_ENDPOINT'
    | 'GAMED_S3_REGION'
    | 'GAMED_S3_FORCE_PATH_STYLE'
  >,
): BuildStorage {
  if (config.GAMED_STORAGE === 'local' || !config.GAMED_S3_BUCKET) {
    return createLocalBuildStorage(localBuildFolder(config.DATA_DIR));
  }
  const s3 = new S3Client({
    region: config.GAMED_S3_REGION,
    forcePathStyle: config.GAMED_S3_FORCE_PATH_STYLE,
    ...(config.GAMED_S3_ENDPOINT ? { endpoint: config.GAMED_S3_ENDPOINT } : {}),
  });
  return createS3BuildStorage(s3, config.GAMED_S3_BUCKET);
}
