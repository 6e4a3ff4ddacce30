import { randomUUID } from 'node:crypto';
import { inferenceLogs, testDrivers } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../observability/createLogger.js';
import { writeInferenceLog } from './writeInferenceLog.js';

describe.each(testDrivers())('writeInferenceLog on %s', (driver) => {
  let database: TestDbHandle;
  beforeAll(async () => {
    database = await createTestDb({ driver });
  });
  afterAll(() => database.close());

  const entry = (taskId: string, n: number) => ({
    taskId,
    userId: randomUUID(),
    nodeId: n % 2 === 0 ? null : randomUUID(),
    doc: { prompt: `question ${n}\u0000`, metadata: { n } },
  });

  it('writes logs finishing together as a group, each with its document and time', async () => {
    const taskIds = Array.from({ length: 6 }, () => randomUUID());
    const logger = createLogger('silent');
    await Promise.all(taskIds.map((taskId, n) => writeInferenceLog(database.db, logger, entry(taskId, n))));
    const rows = await database.db.select().from(inferenceLogs).where(inArray(inferenceLogs.taskId, taskIds));
    expect(rows).toHaveLength(6);
    for (const [n, taskId] of taskIds.entries()) {
      const row = rows.find((r) => r.taskId === taskId);
      expect(row?.doc).toEqual({ prompt: `question ${n}\ufffd`, metadata: { n } });
      expect(row?.nodeId === null).toBe(n % 2 === 0);
      expect(row?.createdAt).toBeInstanceOf(Date);
    }
  });

  it('loses only the row that cannot be written when its group fails', async () => {
    const errors: string[] = [];
    const logger = createLogger('silent');
    const watching = { ...logger, error: (_: unknown, message: string) => void errors.push(message) };
    const good = [randomUUID(), randomUUID(), randomUUID()];
    await Promise.all([
      writeInferenceLog(database.db, logger, entry(good[0] as string, 0)),
      writeInferenceLog(database.db, watching as typeof logger, entry('not-a-uuid', 1)),
      ...good.slice(1).map((taskId, n) => writeInferenceLog(database.db, logger, entry(taskId, n + 2))),
    ]);
    const rows = await database.db.select().from(inferenceLogs).where(inArray(inferenceLogs.taskId, good));
    expect(rows.map((r) => r.taskId).sort()).toEqual([...good].sort());
    expect(errors).toEqual(['could not write the inference log; the bill stands']);
  });
});
