/**
 * Message ids that a replay repeats: `<sender>-<run>-<n>`, the sender's n-th message in this run of the
 * service on its data directory. The same data gives the same messages in the same order, so the same
 * ids — and the orders derived from them. The run number keeps them apart from a previous run's.
 */
export class MessageIds {
  private readonly counts = new Map<string, number>();

  constructor(private readonly run: number) {}

  next(sender: string): string {
    const n = (this.counts.get(sender) ?? 0) + 1;
    this.counts.set(sender, n);
    const id = `${sender}-${this.run}-${n}`;
    // A concatenation is a rope; reading one character flattens it, so the id stays small on the heap.
    id.charCodeAt(0);
    return id;
  }
}
