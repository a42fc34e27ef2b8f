import type { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import type { MessageType } from '../config/roster.js';

export interface MessageSample {
  readonly ts: number;
  readonly published: Readonly<Record<MessageType, number>>;
}

const SAMPLE_MS = 3_600_000;

/** Published messages per type once per market hour: enough for a chart, small for a year. */
export class MessageSampler {
  private readonly samples: MessageSample[] = [];
  private hour = -1;

  constructor(private readonly coordinator: AgentCoordinator) {}

  sample(nowMs: number): void {
    const hour = Math.floor(nowMs / SAMPLE_MS);
    if (hour === this.hour) return;
    this.hour = hour;
    const counts = this.coordinator.messagesByType();
    const published = Object.fromEntries(
      Object.entries(counts).map(([type, outcomes]) => [type, outcomes.published]),
    ) as Record<MessageType, number>;
    this.samples.push({ ts: nowMs, published });
  }

  results(): MessageSample[] {
    return this.samples;
  }
}
