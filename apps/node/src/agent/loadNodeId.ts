import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeIdSchema } from '@far/protocol';

/**
 * The node's stable id: read from `<stateDir>/node-id`, or created there on first run as
 * `node-<12 hex>`, so the coordinator sees the same node across restarts.
 *
 * @param stateDir - the agent's state folder (created if missing).
 * @returns the id.
 */
export async function loadNodeId(stateDir: string): Promise<string> {
  const file = join(stateDir, 'node-id');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    const parsed = NodeIdSchema.safeParse(existing);
    if (parsed.success) return parsed.data;
  } catch {
    // first run: no file yet
  }
  const id = `node-${randomBytes(6).toString('hex')}`;
  await mkdir(stateDir, { recursive: true });
  await writeFile(file, `${id}\n`, { mode: 0o600 });
  return id;
}
