/** How agents write numbers in message texts: readable by a person, precise enough to check. */

export function percent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function signedPercent(fraction: number, digits = 2): string {
  return `${fraction >= 0 ? '+' : ''}${percent(fraction, digits)}`;
}

/** Two decimals for BTC-sized prices, more for coins priced around a dollar. */
export function formatPrice(price: number): string {
  const digits = price >= 100 ? 2 : price >= 1 ? 4 : 6;
  return price.toFixed(digits);
}
