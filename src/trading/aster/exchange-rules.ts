/** One symbol's trading rules from `exchangeInfo`, kept as the exchange's decimal strings. */
export interface SymbolRules {
  readonly symbol: string;
  readonly status: string;
  readonly tickSize: string;
  readonly minPrice: string;
  readonly maxPrice: string;
  /** LOT_SIZE, or MARKET_LOT_SIZE for market orders when present. */
  readonly lot: LotRules;
  readonly marketLot: LotRules;
  readonly minNotional: number;
}

export interface LotRules {
  readonly stepSize: string;
  readonly minQty: number;
  readonly maxQty: number;
}

interface RawFilter {
  readonly filterType: string;
  readonly [field: string]: unknown;
}

export interface RawSymbol {
  readonly symbol: string;
  readonly status: string;
  readonly filters: readonly RawFilter[];
}

const text = (filter: RawFilter | undefined, field: string, fallback = '0'): string => {
  const value = filter?.[field];
  return typeof value === 'string' ? value : fallback;
};

/** Reads the filters Cloud Trader enforces; a value of 0 disables a rule, as on the exchange. */
export function parseSymbolRules(raw: RawSymbol): SymbolRules {
  const filter = (type: string) => raw.filters.find((f) => f.filterType === type);
  const price = filter('PRICE_FILTER');
  const lot = filter('LOT_SIZE');
  const marketLot = filter('MARKET_LOT_SIZE') ?? lot;
  const lotRules = (f: RawFilter | undefined): LotRules => ({
    stepSize: text(f, 'stepSize'),
    minQty: Number(text(f, 'minQty')),
    maxQty: Number(text(f, 'maxQty')),
  });
  return {
    symbol: raw.symbol,
    status: raw.status,
    tickSize: text(price, 'tickSize'),
    minPrice: text(price, 'minPrice'),
    maxPrice: text(price, 'maxPrice'),
    lot: lotRules(lot),
    marketLot: lotRules(marketLot),
    minNotional: Number(text(filter('MIN_NOTIONAL'), 'notional')),
  };
}

function decimals(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

/** `units` × 10^-places as a plain decimal string ("12345", 2 → "123.45"). */
function formatScaled(units: bigint, places: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export type Rounding = 'down' | 'up' | 'nearest';

/**
 * Rounds to a whole number of `step` and writes the result with the step's decimals, so the value the
 * exchange receives is exact (no `0.30000000000000004`). A step of "0" leaves the value unrounded.
 */
export function roundToStep(value: number, step: string, rounding: Rounding): string {
  const stepValue = Number(step);
  if (!(stepValue > 0)) return String(value);
  const places = decimals(step);
  const stepUnits = BigInt(Math.round(stepValue * 10 ** places));
  // A relative epsilon absorbs binary noise (0.3 / 0.1 = 2.9999999999999996 is three steps).
  const ratio = value / stepValue;
  const nudged = ratio + Math.sign(ratio) * Math.abs(ratio) * 1e-14;
  const count =
    rounding === 'down'
      ? Math.floor(nudged)
      : rounding === 'up'
        ? Math.ceil(ratio - Math.abs(ratio) * 1e-14)
        : Math.round(ratio);
  return formatScaled(BigInt(count) * stepUnits, places);
}

export type OrderCheck =
  | { readonly ok: true; readonly quantity: string; readonly price?: string }
  | { readonly ok: false; readonly reason: string };

/**
 * A market order as the exchange will accept it: the quantity rounded down to MARKET_LOT_SIZE's step
 * (never more than was sized), within its bounds, and worth at least MIN_NOTIONAL at the reference
 * (mark) price, which is what the exchange checks market orders against.
 */
export function conformMarketOrder(
  rules: SymbolRules,
  quantity: number,
  referencePrice: number,
): OrderCheck {
  return conformQuantity(rules.marketLot, rules, quantity, referencePrice);
}

/** A limit order: the price rounded to the tick (buys down, sells up: never worse than asked). */
export function conformLimitOrder(
  rules: SymbolRules,
  side: 'buy' | 'sell',
  quantity: number,
  price: number,
): OrderCheck {
  const rounded = roundToStep(price, rules.tickSize, side === 'buy' ? 'down' : 'up');
  const value = Number(rounded);
  if (!(value > 0)) return { ok: false, reason: `price ${price} rounds to ${rounded}` };
  if (Number(rules.minPrice) > 0 && value < Number(rules.minPrice))
    return { ok: false, reason: `price ${rounded} is under the minimum ${rules.minPrice}` };
  if (Number(rules.maxPrice) > 0 && value > Number(rules.maxPrice))
    return { ok: false, reason: `price ${rounded} is over the maximum ${rules.maxPrice}` };
  const checked = conformQuantity(rules.lot, rules, quantity, value);
  return checked.ok ? { ...checked, price: rounded } : checked;
}

function conformQuantity(
  lot: LotRules,
  rules: SymbolRules,
  quantity: number,
  price: number,
): OrderCheck {
  if (!(quantity > 0) || !Number.isFinite(quantity))
    return { ok: false, reason: `quantity must be positive, got ${quantity}` };
  const rounded = roundToStep(quantity, lot.stepSize, 'down');
  const value = Number(rounded);
  if (!(value > 0))
    return { ok: false, reason: `quantity ${quantity} is under one step (${lot.stepSize})` };
  if (lot.minQty > 0 && value < lot.minQty)
    return { ok: false, reason: `quantity ${rounded} is under the minimum ${lot.minQty}` };
  if (lot.maxQty > 0 && value > lot.maxQty)
    return { ok: false, reason: `quantity ${rounded} is over the maximum ${lot.maxQty}` };
  const notional = value * price;
  if (rules.minNotional > 0 && notional < rules.minNotional)
    return {
      ok: false,
      reason: `notional ${notional.toFixed(4)} of ${rules.symbol} is under the minimum ${rules.minNotional}`,
    };
  return { ok: true, quantity: rounded };
}
