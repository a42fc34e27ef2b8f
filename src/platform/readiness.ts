/** Whether the process should receive traffic: set once everything has started, cleared at shutdown. */
export class Readiness {
  private state: 'starting' | 'ready' | 'stopping' = 'starting';

  markReady(): void {
    if (this.state === 'starting') this.state = 'ready';
  }

  markStopping(): void {
    this.state = 'stopping';
  }

  get current(): 'starting' | 'ready' | 'stopping' {
    return this.state;
  }
}
