// Renders public/icons/icon.svg to the PNG sizes the manifest lists, with headless Chromium.
// Run after editing the SVG: node test/tools/render-icons.mjs
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const dir = path.resolve(import.meta.dirname, '../../public/icons');
const svg = readFileSync(path.join(dir, 'icon.svg'), 'utf8');
const executablePath = existsSync('/usr/lib/chromium/chromium') ? '/usr/lib/chromium/chromium' : '/usr/bin/chromium';
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ deviceScaleFactor: 1 });
for (const size of [16, 32, 48, 128]) {
  await page.setViewportSize({ width: size, height: size });
  const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
  await page
    .locator('svg')
    .first()
    .screenshot({ path: path.join(dir, `icon-${size}.png`), omitBackground: true });
}
await browser.close();
