import { addressOf } from '../../src/trading/aster/eip712.js';
import type { AsterTestCredentials } from './aster-test-server.js';

/** The V1 secret of the documented test vector, and Hardhat's first development key as the API wallet. */
export const DOC_SECRET = '2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9';
export const TEST_API_KEY = 'test-api-key';
export const TEST_SIGNER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const TEST_USER = '0x000000000000000000000000000000000000dEaD';

export const TEST_CREDENTIALS: AsterTestCredentials = {
  apiKey: TEST_API_KEY,
  secretKey: DOC_SECRET,
  user: TEST_USER,
  signer: addressOf(TEST_SIGNER_KEY),
  chainId: 1666,
};

/** Polls until `check` holds (no timing assertion: the test times out only if it never does). */
export async function eventually(check: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 2_000; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`never happened: ${what}`);
}

export const MINUTE = 60_000;
/** Prices far from the bundled replay's (May 2021), so a fill at them can only come from the test server. */
const SWING_BASE: Record<string, number> = {
  BTCUSDT: 77_777,
  ETHUSDT: 4_444,
  SOLUSDT: 222,
  XRPUSDT: 3.33,
  ADAUSDT: 1.11,
};

/** A swinging market for the test server: trends to follow, reversals to trade. */
export function swingPriceAt(symbol: string, i: number): number {
  return SWING_BASE[symbol] * (1 + 0.03 * Math.sin(i / 6) + 0.01 * Math.sin(i / 2.3));
}
