import { chromium } from 'playwright-core';
import { startNextServer } from '../apps/web/bench/startNextServer';
import { chromiumArgs } from './chromiumPath';
import { createWalletBridge } from './wallet/createWalletBridge';
import { injectWallet } from './wallet/injectWallet';

const server = await startNextServer({ API_URL: 'http://127.0.0.1:9' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
const context = await browser.newContext();
const bridge = createWalletBridge({
  privateKey: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  rpcUrl: 'http://127.0.0.1:9',
});
await injectWallet(context, bridge);
const page = await context.newPage();
page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 300)));
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(server.url + '/dashboard', { waitUntil: 'networkidle' });
console.log(
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const got: string[] = [];
        window.addEventListener('eip6963:announceProvider', (e) =>
          got.push(JSON.stringify((e as CustomEvent).detail.info.name)),
        );
        window.dispatchEvent(new Event('eip6963:requestProvider'));
        setTimeout(
          () => resolve(got.join(',') + ' typeof bridge=' + typeof (window as any).__farWalletRequest),
          500,
        );
      }),
  ),
);
await browser.close();
await server.stop();
