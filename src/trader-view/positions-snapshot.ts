import type { Position } from '../orchestration/agent-ledger.js';
import type { AgentPositionsDto, ValuedPositionDto } from './trader-view.dto.js';

export type PriceOf = (symbol: string) => number | undefined;

export function valuePosition(p: Position, price: PriceOf): ValuedPositionDto {
  const last = price(p.symbol);
  const marketValueUsd = last === undefined ? 0 : p.quantity * last;
  return {
    symbol: p.symbol,
    quantity: p.quantity,
    averagePrice: p.averagePrice,
    lastPrice: last ?? null,
    marketValueUsd,
    unrealizedPnlUsd: last === undefined ? 0 : marketValueUsd - p.quantity * p.averagePrice,
  };
}

/** Sums agents' positions per symbol; the average cost is weighted by quantity. */
export function portfolioPositions(agents: readonly AgentPositionsDto[]): ValuedPositionDto[] {
  const bySymbol = new Map<string, ValuedPositionDto>();
  for (const p of agents.flatMap((a) => a.positions)) {
    const sum = bySymbol.get(p.symbol);
    if (!sum) {
      bySymbol.set(p.symbol, { ...p });
      continue;
    }
    const quantity = sum.quantity + p.quantity;
    bySymbol.set(p.symbol, {
      symbol: p.symbol,
      quantity,
      averagePrice:
        quantity > 0
          ? (sum.quantity * sum.averagePrice + p.quantity * p.averagePrice) / quantity
          : 0,
      lastPrice: p.lastPrice,
      marketValueUsd: sum.marketValueUsd + p.marketValueUsd,
      unrealizedPnlUsd: sum.unrealizedPnlUsd + p.unrealizedPnlUsd,
    });
  }
  return [...bySymbol.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
}
