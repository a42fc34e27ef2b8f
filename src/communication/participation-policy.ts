/**
 * How relevant a broadcast is to one recipient, 0–1: does it concern a symbol the recipient follows,
 * does the recipient's role care about the sender's role, and how sure is the sender. A recipient gets
 * the message only when the relevance reaches its participation threshold.
 */
export class ParticipationPolicy {
  static readonly SYMBOL_WEIGHT = 0.35;
  static readonly AFFINITY_WEIGHT = 0.45;
  static readonly CONFIDENCE_WEIGHT = 0.2;
  /** A message about no symbol in particular half-concerns everyone. */
  static readonly MARKET_WIDE_SYMBOL_SCORE = 0.5;
  static readonly DEFAULT_CONFIDENCE = 0.5;

  static relevance(symbolScore: number, affinity: number, confidence: number): number {
    return (
      ParticipationPolicy.SYMBOL_WEIGHT * symbolScore +
      ParticipationPolicy.AFFINITY_WEIGHT * affinity +
      ParticipationPolicy.CONFIDENCE_WEIGHT * confidence
    );
  }

  static isValidThreshold(value: number): boolean {
    return Number.isFinite(value) && value >= 0 && value <= 1;
  }
}
