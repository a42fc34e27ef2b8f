import { MARKET_ASSETS } from '../market/candle-history.fixture.js';
import { HeadlineSource } from './headline-source.js';

describe('HeadlineSource', () => {
  it('reads all 158 real headlines with their commas and quotes intact', async () => {
    const headlines = await new HeadlineSource(
      `${MARKET_ASSETS}news_headlines_labeled_2022-05.csv`,
    ).read();
    expect(headlines).toHaveLength(158);
    expect(headlines[0]).toEqual({
      publishedAt: Date.UTC(2022, 4, 9, 2, 12),
      source: 'CryptoPotato',
      subject: 'altcoin',
      title: 'NVIDIA Fined $5.5M for Inadequate Disclosures in Cryptomining: SEC',
      text: expect.stringMatching(
        /^The Securities and Exchange Commission charged NVIDIA/,
      ) as unknown,
    });
    const quoted = headlines.find((h) => h.title.startsWith('Bitcoin Below USD 34K'));
    expect(quoted?.title).toBe(
      'Bitcoin Below USD 34K, Ethereum Keeps Trending Lower, XMR, AXS, and NEAR Rally',
    );
    const doubled = headlines.find((h) => h.title.startsWith('Madonna and Beeple'));
    expect(doubled?.text).toContain('"Mother of Creation"');
    for (const h of headlines) {
      expect(Number.isFinite(h.publishedAt)).toBe(true);
      expect(h.title.length).toBeGreaterThan(0);
    }
  });

  it('fails loudly on a file without the expected columns', async () => {
    await expect(new HeadlineSource(`${MARKET_ASSETS}BTC_USDT-5m.csv`).read()).rejects.toThrow(
      /missing column/,
    );
  });
});
