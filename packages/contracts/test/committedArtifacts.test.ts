import { describe, expect, it } from 'vitest';
import { exportedContracts, readArtifact } from '../scripts/contractArtifacts.js';
import * as contracts from '../src/index.js';

describe('committed ABIs and bytecode', () => {
  it.each(Object.entries(exportedContracts))(
    '%s matches a fresh compile of %s',
    async (prefix, contractName) => {
      const artifact = await readArtifact(contractName);
      const exports = contracts as unknown as Record<string, unknown>;
      // If this fails: npm run compile -w @far/contracts && npm run abi -w @far/contracts
      expect(exports[`${prefix}Abi`]).toEqual(artifact.abi);
      expect(exports[`${prefix}Bytecode`]).toBe(artifact.bytecode);
    },
  );
});
