/** A net position per symbol in base units (negative = short). */
export interface PositionAmount {
  readonly symbol: string;
  readonly quantity: number;
}

export interface OpenOrderRef {
  readonly clientOrderId: string;
  readonly symbol: string;
}

/** What the ledgers say the account holds, or what the exchange says it holds. */
export interface AccountState {
  readonly positions: readonly PositionAmount[];
  readonly openOrders: readonly OpenOrderRef[];
}

export type Difference =
  | {
      readonly kind: 'position';
      readonly symbol: string;
      readonly expected: number;
      readonly actual: number;
    }
  | { readonly kind: 'unexpected-order'; readonly clientOrderId: string; readonly symbol: string }
  | { readonly kind: 'missing-order'; readonly clientOrderId: string; readonly symbol: string };

export interface Reconciliation {
  readonly matches: boolean;
  readonly differences: readonly Difference[];
}

function netBySymbol(positions: readonly PositionAmount[]): Map<string, number> {
  const net = new Map<string, number>();
  for (const p of positions) net.set(p.symbol, (net.get(p.symbol) ?? 0) + p.quantity);
  return net;
}

/**
 * Compares the ledgers' view with the exchange's. Quantities match within `tolerance(symbol)` (half a
 * lot step: the exchange holds step-rounded amounts); an open order matches by client order id.
 */
export function reconcile(
  expected: AccountState,
  actual: AccountState,
  tolerance: (symbol: string) => number = () => 1e-9,
): Reconciliation {
  const differences: Difference[] = [];
  const want = netBySymbol(expected.positions);
  const have = netBySymbol(actual.positions);
  for (const symbol of [...new Set([...want.keys(), ...have.keys()])].sort()) {
    const e = want.get(symbol) ?? 0;
    const a = have.get(symbol) ?? 0;
    if (Math.abs(e - a) > tolerance(symbol))
      differences.push({ kind: 'position', symbol, expected: e, actual: a });
  }
  const expectedIds = new Set(expected.openOrders.map((o) => o.clientOrderId));
  const actualIds = new Set(actual.openOrders.map((o) => o.clientOrderId));
  for (const o of actual.openOrders)
    if (!expectedIds.has(o.clientOrderId))
      differences.push({
        kind: 'unexpected-order',
        clientOrderId: o.clientOrderId,
        symbol: o.symbol,
      });
  for (const o of expected.openOrders)
    if (!actualIds.has(o.clientOrderId))
      differences.push({ kind: 'missing-order', clientOrderId: o.clientOrderId, symbol: o.symbol });
  return { matches: differences.length === 0, differences };
}

export function describeDifference(d: Difference): string {
  switch (d.kind) {
    case 'position':
      return `${d.symbol}: ledgers hold ${d.expected}, the exchange holds ${d.actual}`;
    case 'unexpected-order':
      return `${d.symbol}: open order ${d.clientOrderId} on the exchange is not in the ledgers`;
    case 'missing-order':
      return `${d.symbol}: order ${d.clientOrderId} the ledgers expect open is not on the exchange`;
  }
}
