import { ChatModel, type Reasoning, type ReasoningTask } from './models/chat-model.js';
import type { Monotonic } from '../platform/clock.js';
import type { PendingWork } from '../platform/pending-work.js';
import type { ModelMeter } from './model-meter.js';

/**
 * One agent's view of its chat model: every call is admitted against the agent's budget (remote models
 * only: local rules cost nothing), counted, billed and timed. The answer itself passes through untouched.
 */
export class MeteredChatModel extends ChatModel {
  constructor(
    readonly agentId: string,
    private readonly inner: ChatModel,
    private readonly meter: ModelMeter,
    /** Times each call (real elapsed time). */
    private readonly monotonic: Monotonic,
    /** Hands remote answers over in call order during a replay. */
    private readonly pending: PendingWork,
    /** Prices a failed call's tokens (a successful answer names its model itself). */
    private readonly modelId?: string,
  ) {
    super();
  }

  get kind(): ChatModel['kind'] {
    return this.inner.kind;
  }

  async reason(task: ReasoningTask): Promise<Reasoning> {
    if (this.inner.kind === 'local') {
      const reasoning = await this.inner.reason(task);
      this.meter.answeredLocally(this.agentId);
      return reasoning;
    }
    this.meter.admit(this.agentId);
    const started = this.monotonic.now();
    try {
      const reasoning = await this.pending.ordered(this.inner.reason(task));
      const billed = reasoning.usage
        ? { usage: reasoning.usage, model: reasoning.model }
        : undefined;
      this.meter.answered(
        this.agentId,
        billed,
        (this.monotonic.now() - started) / 1000,
        reasoning.cached === true,
      );
      return reasoning;
    } catch (error) {
      this.meter.failed(this.agentId, error, (this.monotonic.now() - started) / 1000, this.modelId);
      throw error;
    }
  }
}
