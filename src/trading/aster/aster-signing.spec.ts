import { ManualClock } from '../../platform/clock.js';
import { recoverAddress, messageDigest, addressOf } from './eip712.js';
import { asterDomain, Eip712Signer } from './eip712.signer.js';
import { hmacSignature, HmacSigner } from './hmac.signer.js';

const DOC_SECRET = '2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9';
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

describe('V1 HMAC signing', () => {
  it('reproduces the documented test vector', () => {
    const payload =
      'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943';
    expect(hmacSignature(DOC_SECRET, payload)).toBe(
      '3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9',
    );
  });

  it('appends recvWindow, timestamp and the signature last, in that order', () => {
    const signer = new HmacSigner('key', DOC_SECRET, new ManualClock(1591702613943));
    const signed = signer.sign([
      ['symbol', 'BTCUSDT'],
      ['side', 'BUY'],
      ['type', 'LIMIT'],
      ['quantity', '1'],
      ['price', '9000'],
      ['timeInForce', 'GTC'],
    ]);
    expect(signed.query).toBe(
      'symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000' +
        '&timestamp=1591702613943&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9',
    );
    expect(signed.headers).toEqual({ 'X-MBX-APIKEY': 'key' });
  });
});

describe('V3 EIP-712 signing', () => {
  const clock = new ManualClock(1_700_000_000_000);
  const signer = new Eip712Signer(
    {
      user: '0x000000000000000000000000000000000000dEaD',
      signer: addressOf(DEV_KEY),
      privateKey: DEV_KEY,
    },
    clock,
  );

  it('signs the exact string it sends, so the API wallet address is recovered from it', () => {
    const { query, headers } = signer.sign([['symbol', 'BTCUSDT']]);
    const [msg, signature] = query.split('&signature=');
    expect(msg).toBe(
      `symbol=BTCUSDT&nonce=1700000000000000&user=0x000000000000000000000000000000000000dEaD&signer=${addressOf(DEV_KEY)}`,
    );
    expect(recoverAddress(messageDigest(asterDomain(1666), msg), signature)).toBe(
      addressOf(DEV_KEY),
    );
    expect(headers).toEqual({});
  });

  it('never reuses a nonce within the same millisecond', () => {
    const nonces = [1, 2, 3].map(
      () => /nonce=(\d+)/.exec(signer.sign([['symbol', 'ETHUSDT']]).query)?.[1],
    );
    expect(new Set(nonces).size).toBe(3);
  });
});
