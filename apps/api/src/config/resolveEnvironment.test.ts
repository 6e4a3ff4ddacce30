import { describe, expect, it } from 'vitest';
import { resolveEnvironment } from './resolveEnvironment.js';

describe('resolveEnvironment', () => {
  it('composes DATABASE_URL from the PG* parts, escaping the credentials', () => {
    const env = resolveEnvironment({
      PGHOST: 'db.internal',
      PGPORT: '5432',
      PGDATABASE: 'far',
      PGUSER: 'far_app',
      PGPASSWORD: 'p@ss/w:rd',
      PGSSLMODE: 'require',
    });
    expect(env.DATABASE_URL).toBe('postgres://far_app:p%40ss%2Fw%3Ard@db.internal:5432/far?sslmode=require');
    expect(new URL(env.DATABASE_URL as string).password).toBe('p%40ss%2Fw%3Ard');
  });

  it('keeps a DATABASE_URL that is set', () => {
    const env = resolveEnvironment({ DATABASE_URL: 'postgres://a@b/c', PGHOST: 'other' });
    expect(env.DATABASE_URL).toBe('postgres://a@b/c');
  });

  it('puts REDIS_PASSWORD into REDIS_URL unless the URL has one', () => {
    expect(resolveEnvironment({ REDIS_URL: 'rediss://cache:6379', REDIS_PASSWORD: 't/k' }).REDIS_URL).toBe(
      'rediss://:t%2Fk@cache:6379',
    );
    expect(
      resolveEnvironment({ REDIS_URL: 'redis://:own@cache:6379', REDIS_PASSWORD: 'other' }).REDIS_URL,
    ).toBe('redis://:own@cache:6379');
  });

  it('uses UPLOADS_BUCKET as the S3 build storage', () => {
    const env = resolveEnvironment({ UPLOADS_BUCKET: 'far-uploads' });
    expect(env.GAMED_STORAGE).toBe('s3');
    expect(env.GAMED_S3_BUCKET).toBe('far-uploads');
  });

  it('changes nothing else', () => {
    expect(resolveEnvironment({ PORT: '4000' })).toEqual({ PORT: '4000' });
  });
});
