import { addressOf, domainSeparator, messageDigest, recoverAddress, signDigest } from './eip712.js';

// Known answers from the EIP-712 specification's "Ether Mail" example and the widely published
// development key of Hardhat's first account.
const MAIL_DOMAIN = {
  name: 'Ether Mail',
  version: '1',
  chainId: 1,
  verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
};
const DEV_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
const DEV_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const ASTER_DOMAIN = {
  name: 'AsterSignTransaction',
  version: '1',
  chainId: 1666,
  verifyingContract: '0x0000000000000000000000000000000000000000',
};

describe('EIP-712', () => {
  it('computes the domain separator of the specification example', () => {
    expect(Buffer.from(domainSeparator(MAIL_DOMAIN)).toString('hex')).toBe(
      'f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f',
    );
  });

  it('derives the checksummed address of a key', () => {
    expect(addressOf(DEV_KEY)).toBe(DEV_ADDRESS);
  });

  it('signs so that the signer address is recovered, and a changed message recovers another', () => {
    const msg = 'symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&nonce=1&user=0x1&signer=0x2';
    const signature = signDigest(messageDigest(ASTER_DOMAIN, msg), DEV_KEY);
    expect(signature).toMatch(/^0x[0-9a-f]{128}(1b|1c)$/);
    expect(recoverAddress(messageDigest(ASTER_DOMAIN, msg), signature)).toBe(DEV_ADDRESS);
    expect(recoverAddress(messageDigest(ASTER_DOMAIN, `${msg}0`), signature)).not.toBe(DEV_ADDRESS);
    expect(
      recoverAddress(messageDigest({ ...ASTER_DOMAIN, chainId: 714 }, msg), signature),
    ).not.toBe(DEV_ADDRESS);
  });
});
