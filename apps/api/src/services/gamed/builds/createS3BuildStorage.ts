import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BuildNotStoredError, type BuildStorage } from './BuildStorage.js';

/** S3 refuses multipart parts under 5 MiB (except the last), so small API parts are regrouped. */
const S3_MIN_PART_BYTES = 5 * 1024 * 1024;

const partKey = (key: string, partNumber: number) => `${key}.parts/${partNumber}`;

/**
 * Build storage in an S3-compatible bucket. Each API part is stored as its own object, because
 * the API takes parts smaller than S3's 5 MiB minimum (they must fit its request body limit);
 * `assemble` streams them back into one S3 multipart upload of parts of at least 5 MiB.
 * Downloads are presigned GET URLs, so the bytes never pass through the API.
 *
 * @param s3 - a configured client (endpoint, region, credentials from the environment).
 * @param bucket - the bucket that holds builds; it must exist.
 * @example
 * const storage = createS3BuildStorage(new S3Client({ region: 'eu-west-1' }), 'far-gamed-builds');
 */
export function createS3BuildStorage(s3: S3Client, bucket: string): BuildStorage {
  async function readPart(key: string, partNumber: number): Promise<Uint8Array> {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: partKey(key, partNumber) }));
    if (!object.Body) throw new BuildNotStoredError(partKey(key, partNumber));
    return object.Body.transformToByteArray();
  }

  async function uploadGrouped(key: string, partCount: number, uploadId: string) {
    const parts: { PartNumber: number; ETag: string | undefined }[] = [];
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const PartNumber = parts.length + 1;
      const Body = Buffer.concat(pending);
      const sent = await s3.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body }),
      );
      parts.push({ PartNumber, ETag: sent.ETag });
      pending = [];
      pendingBytes = 0;
    };
    for (let part = 1; part <= partCount; part++) {
      const bytes = await readPart(key, part);
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= S3_MIN_PART_BYTES) await flush();
    }
    if (pendingBytes > 0 || parts.length === 0) await flush();
    return parts;
  }

  async function discardParts(key: string, partCount: number) {
    for (let first = 1; first <= partCount; first += 1000) {
      const Objects = Array.from({ length: Math.min(1000, partCount - first + 1) }, (_, i) => ({
        Key: partKey(key, first + i),
      }));
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects, Quiet: true } }));
    }
  }

  return {
    kind: 's3',
    async putPart(key, partNumber, bytes) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: partKey(key, partNumber), Body: bytes }));
    },
    async assemble(key, partCount) {
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
      if (!UploadId) throw new Error('S3 gave no multipart upload id');
      try {
        const Parts = await uploadGrouped(key, partCount, UploadId);
        await s3.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            MultipartUpload: { Parts },
          }),
        );
      } catch (error) {
        await s3
          .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }))
          .catch(() => {});
        throw error;
      }
      await discardParts(key, partCount);
    },
    discardParts,
    async read(key) {
      try {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!object.Body) throw new BuildNotStoredError(key);
        return { body: object.Body as Readable, sizeBytes: object.ContentLength ?? 0 };
      } catch (error) {
        if (error instanceof NoSuchKey) throw new BuildNotStoredError(key);
        throw error;
      }
    },
    presignDownload(key, fileName, expiresInSeconds) {
      const disposition = `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`;
      return getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition }),
        { expiresIn: expiresInSeconds },
      );
    },
  };
}
