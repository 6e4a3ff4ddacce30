import { describe, expect, it } from 'vitest';
import { batchResultFileId, batchTaskId, newBatchFileId, newBatchId } from './batchIds.js';

describe('batch ids', () => {
  it('derives one UUID per (batch, custom_id, attempt), the same every time', () => {
    const id = batchTaskId('batch_1', 'req-1', 1);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(batchTaskId('batch_1', 'req-1', 1)).toBe(id);
    expect(batchTaskId('batch_1', 'req-1', 2)).not.toBe(id);
    expect(batchTaskId('batch_1', 'req-2', 1)).not.toBe(id);
    expect(batchTaskId('batch_2', 'req-1', 1)).not.toBe(id);
    // The separator keeps ("a", "b\0c") apart from ("a\0b", "c").
    expect(batchTaskId('a', 'b', 1)).not.toBe(batchTaskId('a\u0000b', '', 1));
  });

  it('makes OpenAI-shaped ids, and result file ids fixed by the batch', () => {
    expect(newBatchFileId()).toMatch(/^file-[0-9a-f]{24}$/);
    expect(newBatchId()).toMatch(/^batch_[0-9a-f]{24}$/);
    expect(batchResultFileId('batch_1', 'output')).toBe(batchResultFileId('batch_1', 'output'));
    expect(batchResultFileId('batch_1', 'output')).not.toBe(batchResultFileId('batch_1', 'errors'));
  });
});
