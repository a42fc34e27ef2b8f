import type { WallClock } from '../../platform/clock.js';
import { AsterSigner, encodeParams, type Params, type SignedRequest } from './aster.signer.js';
import { messageDigest, signDigest, type Eip712Domain } from './eip712.js';

/** Mainnet's chain id in Aster's signing domain; the testnet's trading example uses 714. */
export const ASTER_MAINNET_CHAIN_ID = 1666;

export function asterDomain(chainId: number): Eip712Domain {
  return {
    name: 'AsterSignTransaction',
    version: '1',
    chainId,
    verifyingContract: '0x0000000000000000000000000000000000000000',
  };
}

export interface ApiWallet {
  /** The main account's wallet address (the login wallet). */
  readonly user: string;
  /** The API wallet ("agent") address. */
  readonly signer: string;
  readonly privateKey: string;
}

/**
 * V3: the API wallet signs the EIP-712 typed message `{ msg: <parameter string> }`, where the string
 * carries the business parameters plus `nonce`, `user` and `signer`; the same string is sent with
 * `signature` appended last.
 */
export class Eip712Signer extends AsterSigner {
  readonly version = 'v3' as const;
  private readonly domain: Eip712Domain;
  private lastNonce = 0;

  constructor(
    private readonly wallet: ApiWallet,
    private readonly clock: WallClock,
    chainId = ASTER_MAINNET_CHAIN_ID,
  ) {
    super();
    this.domain = asterDomain(chainId);
  }

  sign(params: Params): SignedRequest {
    const msg = encodeParams([
      ...params,
      ['nonce', String(this.nextNonce())],
      ['user', this.wallet.user],
      ['signer', this.wallet.signer],
    ]);
    const signature = signDigest(messageDigest(this.domain, msg), this.wallet.privateKey);
    return { query: `${msg}&signature=${signature}`, headers: {} };
  }

  keyHeaders(): Readonly<Record<string, string>> {
    return {};
  }

  /**
   * Microseconds, strictly increasing: the server rejects a reused nonce and one older than the last
   * hundred it kept, so two requests in the same millisecond must still differ.
   */
  private nextNonce(): number {
    this.lastNonce = Math.max(this.clock.now() * 1000, this.lastNonce + 1);
    return this.lastNonce;
  }
}
