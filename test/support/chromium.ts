import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; never a browser downloaded by Playwright. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless on a closed network: without the background-networking flags Chromium dials out at start. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
