/** What changed, for the resources a seat can subscribe to. */
export type SeatChange =
  | { readonly kind: 'portfolio' }
  | { readonly kind: 'risk' }
  | { readonly kind: 'ledger'; readonly agentId: string }
  | { readonly kind: 'inbox'; readonly agentId: string }
  | { readonly kind: 'candles'; readonly symbol: string };

export type SeatChangeListener = (change: SeatChange) => void;

/** Fans changes out to the open sessions; a failing listener never stops the others. */
export class SeatChanges {
  private readonly listeners = new Set<SeatChangeListener>();

  /** Whether any session listens: without one, nothing needs working out. */
  get listened(): boolean {
    return this.listeners.size > 0;
  }

  listen(listener: SeatChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: SeatChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // A session that cannot take a notification is closing; it removes itself.
      }
    }
  }
}
