import type { GamedPlatform } from '@far/db';
import { BaseError } from '../../../errors/BaseError.js';

/** The platforms a build is published for, in `GameLicenses`' numbering (0 windows … 3 web). */
export const gamedPlatforms = [
  'windows',
  'macos',
  'linux',
  'web',
] as const satisfies readonly GamedPlatform[];

/** The platform's number in `GameLicenses.publishBuild` and `buildHash`. */
export const platformIndex = (platform: GamedPlatform) => gamedPlatforms.indexOf(platform);

const GiB = 1024 ** 3;

/** Per platform: the largest build accepted and the file types a player's machine can open. */
export const buildRules: Record<GamedPlatform, { maxBytes: number; extensions: readonly string[] }> = {
  windows: { maxBytes: 8 * GiB, extensions: ['.zip', '.exe', '.msi'] },
  macos: { maxBytes: 8 * GiB, extensions: ['.zip', '.dmg', '.pkg'] },
  linux: { maxBytes: 8 * GiB, extensions: ['.zip', '.tar.gz', '.appimage', '.deb'] },
  // A web build is served to the browser as a whole: kept small.
  web: { maxBytes: 1 * GiB, extensions: ['.zip'] },
};

/**
 * Refuses a build before any byte is sent: too large for its platform (413, reason
 * `build_too_large`) or of a type the platform cannot run (415, reason `build_type_not_allowed`).
 *
 * @example
 * checkBuildFile('web', 'game.exe', 1000); // throws unsupported_media_type
 */
export function checkBuildFile(platform: GamedPlatform, fileName: string, sizeBytes: number): void {
  const rule = buildRules[platform];
  if (sizeBytes > rule.maxBytes) {
    throw new BaseError('payload_too_large', `A ${platform} build may be at most ${rule.maxBytes} bytes`, {
      details: { reason: 'build_too_large', maxBytes: rule.maxBytes, field: 'sizeBytes' },
    });
  }
  const lower = fileName.toLowerCase();
  if (!rule.extensions.some((extension) => lower.endsWith(extension))) {
    throw new BaseError(
      'unsupported_media_type',
      `A ${platform} build must be one of ${rule.extensions.join(', ')}`,
      { details: { reason: 'build_type_not_allowed', allowed: rule.extensions, field: 'fileName' } },
    );
  }
}

/** How many parts a file of `sizeBytes` is sent in; an empty build is refused before this. */
export const partCountOf = (sizeBytes: number, partSizeBytes: number) => Math.ceil(sizeBytes / partSizeBytes);

/** Exactly how long part `partNumber` must be: full parts, then the remainder. */
export function expectedPartBytes(sizeBytes: number, partSizeBytes: number, partNumber: number): number {
  const start = (partNumber - 1) * partSizeBytes;
  return Math.max(0, Math.min(partSizeBytes, sizeBytes - start));
}
