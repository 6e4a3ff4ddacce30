import { describe, expect, it } from 'vitest';
import { bootstrapEnvironment, FAR_ENVIRONMENTS, farEnvironmentSchema } from './FarEnvironment.js';

describe('FAR_ENVIRONMENTS', () => {
  it.each(Object.values(FAR_ENVIRONMENTS))('$name is a valid environment spanning 2+ zones', (env) => {
    expect(farEnvironmentSchema.parse(env)).toEqual(env);
    expect(env.azCount).toBeGreaterThanOrEqual(2);
    expect(env.api.scaling.min).toBeLessThanOrEqual(env.api.scaling.desired);
    expect(env.api.scaling.desired).toBeLessThanOrEqual(env.api.scaling.max);
    expect(env.worker.count).toBe(2);
  });

  it('gives production the seed sizes: web 2–20, API 3–30, Multi-AZ Postgres with deletion protection', () => {
    const { production } = FAR_ENVIRONMENTS;
    expect(production.web.scaling).toMatchObject({ min: 2, max: 20 });
    expect(production.api.scaling).toMatchObject({ min: 3, max: 30 });
    expect(production.database.deletionProtection).toBe(true);
  });
});

describe('bootstrapEnvironment', () => {
  it('runs no task of any role and keeps every size and maximum', () => {
    const env = bootstrapEnvironment(FAR_ENVIRONMENTS.production);
    expect(env.web.scaling).toEqual({ min: 0, desired: 0, max: 20 });
    expect(env.api.scaling).toEqual({ min: 0, desired: 0, max: 30 });
    expect(env.worker.count).toBe(0);
    expect(env.gpu).toMatchObject({ min: 0, max: FAR_ENVIRONMENTS.production.gpu.max });
    expect(env.database).toEqual(FAR_ENVIRONMENTS.production.database);
    expect(FAR_ENVIRONMENTS.production.worker.count).toBe(2);
  });
});
