import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MONITORING_DIR } from './monitoringAssets.js';

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
const available = promtool.status === 0;
if (!available) {
  console.warn(
    'promtool not found: skipping the alert-rule checks (apt-get install prometheus; .ci/run does)',
  );
}

describe.skipIf(!available)('promtool', () => {
  const run = (...args: string[]) =>
    execFileSync('promtool', args, { cwd: `${MONITORING_DIR}rules`, encoding: 'utf8', stdio: 'pipe' });

  it('accepts the alert rules (promtool check rules)', () => {
    expect(run('check', 'rules', 'far-alerts.yml')).toMatch(/SUCCESS/);
  });

  it('passes the rules unit tests (promtool test rules)', () => {
    expect(run('test', 'rules', 'far-alerts.test.yml')).toMatch(/SUCCESS/);
  });

  it('accepts the scrape configuration (promtool check config; the token file exists only on the server)', () => {
    expect(run('check', 'config', '--syntax-only', '../prometheus.yml')).toMatch(/SUCCESS/);
  });
});
