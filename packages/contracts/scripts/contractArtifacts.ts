import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The contracts whose ABI and bytecode `src/` exports, keyed by the export's prefix. */
export const exportedContracts = {
  farToken: 'FARToken',
  farStaking: 'FARStaking',
  inferencePayment: 'InferencePayment',
  priceFeed: 'AdminPriceFeed',
  timelock: 'FarTimelock',
  researchEscrow: 'ResearchEscrow',
  publicationRegistry: 'PublicationRegistry',
  tournamentPool: 'TournamentPool',
  gameLicenses: 'GameLicenses',
  revenueRelay: 'RevenueRelay',
  nodeBond: 'NodeBond',
} as const;

export const packageRoot = fileURLToPath(new URL('..', import.meta.url));

const artifactSchema = z.object({
  contractName: z.string(),
  abi: z.array(z.record(z.string(), z.unknown())),
  bytecode: z.string().regex(/^0x[0-9a-f]*$/),
});

export type HardhatArtifact = z.infer<typeof artifactSchema>;

/**
 * Reads a Hardhat artifact from `artifacts/` (run `npm run compile -w @far/contracts` first).
 *
 * @param sourceName Source path under contracts/ without .sol, e.g. 'FARToken' or 'reference/SeedInferencePayment'.
 * @param contractName Contract name when it differs from the file name.
 * @returns Its ABI and creation bytecode.
 */
export async function readArtifact(sourceName: string, contractName = sourceName): Promise<HardhatArtifact> {
  const path = `${packageRoot}artifacts/contracts/${sourceName}.sol/${contractName}.json`;
  return artifactSchema.parse(JSON.parse(await readFile(path, 'utf8')));
}
