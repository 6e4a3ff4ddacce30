/**
 * The environment as the configuration reads it, composed from the parts a deployment supplies
 * separately (the AWS stack injects the database's host and credentials as PG* variables from
 * Secrets Manager, Redis's auth token on its own, the uploads bucket by name):
 * - `DATABASE_URL` from `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER`, `PGPASSWORD`, `PGSSLMODE`;
 * - `REDIS_PASSWORD` put into `REDIS_URL`;
 * - `UPLOADS_BUCKET` as Far GameD's S3 build storage.
 * A variable already set wins over its parts. Pure: returns a new object.
 *
 * @param env - usually `process.env`.
 * @returns the environment with the composed variables added.
 * @example
 * const config = parseConfig(resolveEnvironment(process.env));
 */
export function resolveEnvironment(
  env: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const resolved = { ...env };
  const set = (value: string | undefined) => value !== undefined && value !== '';
  if (!set(env.DATABASE_URL) && set(env.PGHOST)) {
    const user = encodeURIComponent(env.PGUSER ?? 'postgres');
    const password = set(env.PGPASSWORD) ? `:${encodeURIComponent(env.PGPASSWORD as string)}` : '';
    const port = set(env.PGPORT) ? `:${env.PGPORT}` : '';
    const database = encodeURIComponent(env.PGDATABASE ?? 'postgres');
    const ssl = set(env.PGSSLMODE) ? `?sslmode=${encodeURIComponent(env.PGSSLMODE as string)}` : '';
    resolved.DATABASE_URL = `postgres://${user}${password}@${env.PGHOST}${port}/${database}${ssl}`;
  }
  if (set(env.REDIS_URL) && set(env.REDIS_PASSWORD)) {
    const url = new URL(env.REDIS_URL as string);
    if (!url.password) {
      url.password = env.REDIS_PASSWORD as string;
      resolved.REDIS_URL = url.toString();
    }
  }
  if (set(env.UPLOADS_BUCKET) && !set(env.GAMED_S3_BUCKET)) {
    resolved.GAMED_STORAGE = env.GAMED_STORAGE ?? 's3';
    resolved.GAMED_S3_BUCKET = env.UPLOADS_BUCKET;
  }
  return resolved;
}
