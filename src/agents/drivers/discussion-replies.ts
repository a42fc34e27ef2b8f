import type { EnvelopeDraft, MessageEnvelope } from '../../communication/message-envelope.js';
import type { AgentContext } from '../agent-driver.js';

/** How many of its own discussion ids an agent remembers. */
const MEMORY = 512;

export type DiscussionDraft = Omit<EnvelopeDraft, 'from' | 'type' | 'id'>;

/**
 * An agent's side of the conversation. It answers discussions that name it, but never an answer to one of
 * its own discussions: two agents that both reply to replies would talk to each other forever.
 */
export class DiscussionReplies {
  private readonly started = new Set<string>();

  /** A discussion naming this agent by id that is not itself an answer to this agent. */
  isQuestionFor(message: MessageEnvelope, context: AgentContext): boolean {
    return (
      message.type === 'discussion' &&
      message.from !== context.agentId &&
      (message.to?.includes(context.agentId) ?? false) &&
      !(message.correlationId !== undefined && this.started.has(message.correlationId))
    );
  }

  /** Opens a discussion (a challenge, a risk note), remembering it so its answers are not answered. */
  publish(context: AgentContext, draft: DiscussionDraft): boolean {
    const id = context.newMessageId();
    this.started.add(id);
    if (this.started.size > MEMORY)
      this.started.delete(this.started.values().next().value as string);
    return context.publish({ ...draft, type: 'discussion', id });
  }

  /** Answers `question` privately, linked to it by correlationId. */
  reply(
    question: MessageEnvelope,
    context: AgentContext,
    answer: Omit<DiscussionDraft, 'to' | 'correlationId'>,
  ): boolean {
    const symbol = answer.symbol ?? question.symbol;
    return this.publish(context, {
      ...answer,
      ...(symbol ? { symbol } : {}),
      to: [question.from],
      correlationId: question.id,
    });
  }
}

/** The symbol a question is about: its symbol field, else the first of ours it mentions, else our first. */
export function symbolAskedAbout(
  question: MessageEnvelope,
  context: AgentContext,
): string | undefined {
  const text = (question.text ?? '').toUpperCase();
  return question.symbol ?? context.symbols.find((s) => text.includes(s)) ?? context.symbols[0];
}
