import type { AsterHttpClient } from './aster-http.client.js';
import type { AsterEndpoints } from './aster-endpoints.js';
import type { AccountState } from '../account-reconciliation.js';

interface PositionRiskRow {
  readonly symbol: string;
  readonly positionAmt: string;
}

interface OpenOrderRow {
  readonly symbol: string;
  readonly clientOrderId: string;
}

/** What the exchange says the account holds: net positions and open orders. */
export class AsterAccount {
  constructor(
    private readonly http: AsterHttpClient,
    private readonly endpoints: AsterEndpoints,
  ) {}

  async state(): Promise<AccountState> {
    const positions = await this.http.request<PositionRiskRow[]>(
      'GET',
      this.endpoints.positionRisk,
      [],
      'signed',
      5,
    );
    // Without a symbol the query covers every symbol; Binance-compatible APIs weigh that 40.
    const orders = await this.http.request<OpenOrderRow[]>(
      'GET',
      this.endpoints.openOrders,
      [],
      'signed',
      40,
    );
    return {
      positions: positions
        .map((p) => ({ symbol: p.symbol, quantity: Number(p.positionAmt) }))
        .filter((p) => p.quantity !== 0),
      openOrders: orders.map((o) => ({ clientOrderId: o.clientOrderId, symbol: o.symbol })),
    };
  }
}
