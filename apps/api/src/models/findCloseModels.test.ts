import { describe, expect, it } from 'vitest';
import { farDemoModel } from '../../test/support/farDemoModel.js';
import { findCloseModels } from './findCloseModels.js';
import type { ModelSpec } from './ModelSpec.js';
import { modelNotFoundError } from './modelNotFoundError.js';
import type { ModelCatalogue } from './readModelCatalogue.js';

const spec = (id: string, family: string, status: ModelSpec['status'] = 'active'): ModelSpec => ({
  ...farDemoModel,
  id,
  family,
  status,
});
const models = [
  spec('far-demo', 'far'),
  spec('llama-3.1-8b-instruct-q4_k_m', 'llama'),
  spec('llama-70b', 'llama'),
  spec('qwen2.5-7b-instruct-q4_k_m', 'qwen'),
  spec('mistral-7b-instruct-v0.3-q4_k_m', 'mistral'),
];

describe('findCloseModels', () => {
  it('finds a typo, an id that is part of a catalogued one, and the family an id names', () => {
    expect(findCloseModels('far-dmo', models)).toEqual(['far-demo']);
    expect(findCloseModels('llama-3.1-8b', models)[0]).toBe('llama-3.1-8b-instruct-q4_k_m');
    expect(findCloseModels('qwen2.5-72b-instruct', models)).toEqual(['qwen2.5-7b-instruct-q4_k_m']);
    expect(findCloseModels('Llama-3-8B', models)).toEqual(
      expect.arrayContaining(['llama-3.1-8b-instruct-q4_k_m', 'llama-70b']),
    );
  });

  it('suggests nothing for an id close to no model, and at most the limit', () => {
    expect(findCloseModels('gpt-4o', models)).toEqual([]);
    expect(findCloseModels('llama', models, 1)).toHaveLength(1);
  });
});

describe('modelNotFoundError', () => {
  const all = [...models, spec('old-llama', 'llama', 'retired')];
  const catalogue: ModelCatalogue = {
    sellable: (id) => all.find((m) => m.id === id && m.status === 'active'),
    find: (id) => all.find((m) => m.id === id),
    list: () => all,
  };

  it('is a 404 model_not_found naming close sellable matches, never a retired one', () => {
    const error = modelNotFoundError('llama-3-8b', catalogue);
    expect(error).toMatchObject({ code: 'model_not_found', status: 404 });
    expect(error.message).toMatch(
      /^Model llama-3-8b is not in the catalogue; close matches: .*llama-3\.1-8b-instruct-q4_k_m/,
    );
    expect(error.details?.suggestions).not.toContain('old-llama');
  });

  it('says when the model was retired', () => {
    expect(modelNotFoundError('old-llama', catalogue).message).toMatch(/has been retired/);
  });
});
