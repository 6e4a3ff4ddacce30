import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomSecret } from '../auth/hashSecret.js';

/**
 * The JWT signing key: JWT_SECRET when set; otherwise (development only) a random secret
 * kept in the data folder, so sessions survive a restart of the local network.
 */
export function loadJwtSecret(config: { JWT_SECRET?: string | undefined; DATA_DIR: string }): Uint8Array {
  if (config.JWT_SECRET) return new TextEncoder().encode(config.JWT_SECRET);
  const path = join(config.DATA_DIR, 'jwt-secret');
  let secret: string;
  try {
    secret = readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(config.DATA_DIR, { recursive: true });
    secret = randomSecret(48);
    writeFileSync(path, secret, { mode: 0o600 });
  }
  return new TextEncoder().encode(secret);
}
