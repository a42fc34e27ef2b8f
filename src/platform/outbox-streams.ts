/**
 * The outbox's contract: every stream and the row its producers append. Producers and the exporter
 * both import it, so renaming a field is a compile error on both sides instead of a NULL column in
 * the warehouse. Times are epoch milliseconds; `ts` is market time unless a field says otherwise.
 */

/** Rows caused by no message (periodic snapshots) keep the lineage columns, always empty. */
interface NoLineage {
  readonly messageId?: never;
  readonly correlationId?: never;
}

/** A bus message (signal, thesis) and what the coordinator did with it. */
export interface MessageRow {
  readonly messageId: string;
  readonly correlationId?: string;
  readonly agentId: string;
  readonly symbol?: string;
  readonly side?: string;
  readonly confidence?: number;
  readonly horizon?: string;
  readonly text?: string;
  /** The coordinator's publish outcome. */
  readonly outcome: string;
  readonly ts: number;
}

export interface DiscussionRow extends MessageRow {
  /** Agent ids or role names addressed. */
  readonly to?: readonly string[];
}

export interface AgentActivityRow extends NoLineage {
  readonly agentId: string;
  readonly role: string;
  readonly activityScore: number;
  readonly sent: number;
  readonly delivered: number;
  readonly throttled: number;
  readonly filtered: number;
  readonly coalesced: number;
  readonly dropped: number;
  readonly participationThreshold: number;
  readonly ts: number;
}

export interface PortfolioSnapshotRow extends NoLineage {
  /** An agent id, or `portfolio` for the whole account. */
  readonly agentId: string;
  readonly equityUsd: number;
  readonly cashUsd: number;
  readonly exposureUsd: number;
  readonly pnlUsd: number;
  readonly allocationPct: number;
  readonly targetPct: number;
  readonly drawdownPct: number;
  readonly ts: number;
}

export interface OrderRow {
  readonly clientOrderId: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  /** The signal behind the order. */
  readonly signalId: string;
  readonly correlationId?: string;
  readonly status: string;
  /** Market time the order was sized. */
  readonly createdAt: number;
}

export interface FillRow {
  readonly clientOrderId: string;
  readonly agentId: string;
  readonly symbol: string;
  readonly side: string;
  readonly quantity: number;
  readonly price: number;
  readonly feeUsd: number;
  readonly signalId: string;
  readonly correlationId?: string;
  readonly ts: number;
}

export interface AllocationRow extends NoLineage {
  readonly agentId: string;
  readonly targetPct: number;
  readonly capitalUsd: number;
  /** The target it moved from, percent of deployable capital. */
  readonly fromPct: number;
  /** Why the targets changed (scheduled, drift, breaker, operator…). */
  readonly reason: string;
  readonly ts: number;
}

export interface AuditRow {
  readonly auditId: number;
  readonly tokenName: string;
  readonly tokenScope: string;
  readonly method: string;
  readonly route: string;
  readonly path: string;
  readonly status: number;
  readonly clientAddress: string;
  readonly requestJson: string | null;
  readonly beforeJson: string | null;
  readonly afterJson: string | null;
  readonly ts: number;
  /** Wall time the call was recorded. */
  readonly recordedAt: number;
}

/** Stream name → row type. The analytics table of a stream has the stream's name. */
export interface OutboxStreams {
  readonly signals: MessageRow;
  readonly theses: MessageRow;
  readonly discussions: DiscussionRow;
  readonly agent_activity: AgentActivityRow;
  readonly portfolio_snapshots: PortfolioSnapshotRow;
  readonly orders: OrderRow;
  readonly fills: FillRow;
  readonly allocations: AllocationRow;
  readonly audit_log: AuditRow;
}

export type OutboxStream = keyof OutboxStreams;

/** Every field of a row, each named once: a missing or an extra name is a compile error. */
export type FieldSet<Row> = { readonly [Field in keyof Row]-?: true };

const MESSAGE_FIELDS: FieldSet<MessageRow> = {
  messageId: true,
  correlationId: true,
  agentId: true,
  symbol: true,
  side: true,
  confidence: true,
  horizon: true,
  text: true,
  outcome: true,
  ts: true,
};

/** The fields of every stream at run time, so a payload can be checked for names its type lacks. */
export const OUTBOX_FIELDS: { readonly [S in OutboxStream]: FieldSet<OutboxStreams[S]> } = {
  signals: MESSAGE_FIELDS,
  theses: MESSAGE_FIELDS,
  discussions: { ...MESSAGE_FIELDS, to: true },
  agent_activity: {
    messageId: true,
    correlationId: true,
    agentId: true,
    role: true,
    activityScore: true,
    sent: true,
    delivered: true,
    throttled: true,
    filtered: true,
    coalesced: true,
    dropped: true,
    participationThreshold: true,
    ts: true,
  },
  portfolio_snapshots: {
    messageId: true,
    correlationId: true,
    agentId: true,
    equityUsd: true,
    cashUsd: true,
    exposureUsd: true,
    pnlUsd: true,
    allocationPct: true,
    targetPct: true,
    drawdownPct: true,
    ts: true,
  },
  orders: {
    clientOrderId: true,
    agentId: true,
    symbol: true,
    side: true,
    quantity: true,
    signalId: true,
    correlationId: true,
    status: true,
    createdAt: true,
  },
  fills: {
    clientOrderId: true,
    agentId: true,
    symbol: true,
    side: true,
    quantity: true,
    price: true,
    feeUsd: true,
    signalId: true,
    correlationId: true,
    ts: true,
  },
  allocations: {
    messageId: true,
    correlationId: true,
    agentId: true,
    targetPct: true,
    capitalUsd: true,
    fromPct: true,
    reason: true,
    ts: true,
  },
  audit_log: {
    auditId: true,
    tokenName: true,
    tokenScope: true,
    method: true,
    route: true,
    path: true,
    status: true,
    clientAddress: true,
    requestJson: true,
    beforeJson: true,
    afterJson: true,
    ts: true,
    recordedAt: true,
  },
};

/** Names in a payload that its stream's row does not have (a spread that carried too much, a typo). */
export function unknownFields(stream: OutboxStream, payload: object): string[] {
  const known: Readonly<Record<string, true>> = OUTBOX_FIELDS[stream];
  return Object.keys(payload).filter((name) => known[name] !== true);
}
