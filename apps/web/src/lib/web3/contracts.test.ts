import * as deployed from '@far/contracts';
import { describe, expect, it } from 'vitest';
import { farStakingAbi, farTokenAbi, inferencePaymentAbi } from './contracts';

type AbiItem = {
  type: string;
  name?: string;
  stateMutability?: string;
  inputs?: readonly Param[];
  outputs?: readonly Param[];
};
type Param = { type: string; components?: readonly Param[] };

// Names are free to differ; what the chain checks is the types (they make the selector) and shapes.
const shape = (item: AbiItem) => ({
  name: item.name,
  stateMutability: item.stateMutability,
  inputs: (item.inputs ?? []).map(typeOf),
  outputs: (item.outputs ?? []).map(typeOf),
});
const typeOf = (param: Param): unknown =>
  param.components ? { type: param.type, components: param.components.map(typeOf) } : param.type;

const pairs = [
  ['FARToken', farTokenAbi, deployed.farTokenAbi],
  ['FARStaking', farStakingAbi, deployed.farStakingAbi],
  ['InferencePayment', inferencePaymentAbi, deployed.inferencePaymentAbi],
] as const;

describe('web ABI slices', () => {
  for (const [contract, slice, full] of pairs) {
    it(`match ${contract}'s compiled ABI function for function`, () => {
      for (const item of slice as readonly AbiItem[]) {
        const candidates = (full as readonly AbiItem[]).filter(
          (entry) => entry.type === 'function' && entry.name === item.name,
        );
        expect(candidates.map(shape), `${contract}.${item.name}`).toContainEqual(shape(item));
      }
    });
  }
});
