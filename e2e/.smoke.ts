import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { findFreePort, startNextServer } from '../apps/web/bench/startNextServer';
import { chromiumArgs } from './chromiumPath';
import { createWalletBridge } from './wallet/createWalletBridge';
import { injectWallet, testWalletName } from './wallet/injectWallet';

const port = await findFreePort();
const hh = spawn(
  'node_modules/.bin/hardhat',
  ['node', '--port', String(port), '--config', 'packages/contracts/hardhat.config.cjs'],
  { stdio: 'ignore' },
);
const rpc = `http://127.0.0.1:${port}`;
for (;;) {
  const ok = await fetch(rpc, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
  })
    .then((r) => r.ok)
    .catch(() => false);
  if (ok) break;
  await new Promise((r) => setTimeout(r, 500));
}
const server = await startNextServer({ API_URL: 'http://127.0.0.1:9' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const context = await browser.newContext();
const bridge = createWalletBridge({
  privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  rpcUrl: rpc,
});
await injectWallet(context, bridge);
const page = await context.newPage();
page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('pageerror', e.message));
try {
  await page.goto(server.url + '/', { waitUntil: 'networkidle' });
  console.log('cards', await page.locator('[data-testid="service-grid"] > li').count());
  console.log('stats', (await page.locator('#network-stats ~ *').first().innerText()).slice(0, 120));
  await page.goto(server.url + '/dashboard', { waitUntil: 'networkidle' });
  await page.locator('html[data-wallet-ready="true"]').waitFor();
  console.log(
    'probe',
    await page.evaluate(async () => {
      const b = document.querySelector('button[aria-haspopup]') as HTMLButtonElement;
      const keys = Object.keys(b)
        .filter((k) => k.startsWith('__react'))
        .join(',');
      b.click();
      await new Promise((r) => setTimeout(r, 300));
      const b2 = document.querySelector('button[aria-haspopup]') as HTMLButtonElement;
      return `${keys} same=${b === b2} expanded=${b2.getAttribute('aria-expanded')} connected=${b2.isConnected}`;
    }),
  );
  await page.getByRole('button', { name: 'Connect wallet' }).click();
  await new Promise((r) => setTimeout(r, 1500));
  console.log('header', (await page.locator('header').first().innerHTML()).slice(-900));
  await page.screenshot({ path: '/tmp/wtest/after-click.png' });
  console.log('menu', await page.getByRole('menu').innerText());
  await page.getByRole('menuitem', { name: testWalletName }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: 30000 });
  console.log('addr', await page.getByTestId('wallet-address').innerText());
  bridge.rejectNext('personal_sign');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('session-notice').waitFor({ timeout: 30000 });
  console.log('notice', await page.getByTestId('session-notice').innerText());
  const html = await (await context.request.get(server.url + '/dashboard')).text();
  console.log(
    'ssr has address',
    html.includes(`${bridge.address.slice(0, 6)}…`),
    'has connect',
    html.includes('>Connect wallet<'),
  );
  await page.screenshot({ path: '/tmp/wtest/dash.png', fullPage: true });
  await page.goto(server.url + '/revenue', { waitUntil: 'networkidle' });
  await page.screenshot({ path: '/tmp/wtest/revenue.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.url + '/', { waitUntil: 'networkidle' });
  await page.screenshot({ path: '/tmp/wtest/home-phone.png', fullPage: false });
} catch (e) {
  console.log('FAIL', e);
  await page.screenshot({ path: '/tmp/wtest/fail.png' });
}
await browser.close();
await server.stop();
hh.kill();
