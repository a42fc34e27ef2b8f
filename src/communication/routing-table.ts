import {
  MESSAGE_TYPES,
  type MessageType,
  type RoleDefinition,
  type ThrottleBudget,
} from '../config/roster.js';
import { ORCHESTRATOR_ID } from './message-envelope.js';

export const ORCHESTRATOR_ROLE = 'orchestrator';

/** Anyone with an address on the bus: an agent, or the orchestrator. */
export interface BusParticipant {
  readonly id: string;
  /** A role name from the role catalogue, or `orchestrator`. */
  readonly role: string;
  readonly symbols: readonly string[];
  readonly threshold: number;
  readonly throttle: ThrottleBudget;
  /** Where auto-tuning may move the threshold (default 0–1). */
  readonly thresholdBounds?: { readonly min: number; readonly max: number };
  /** Activity score under which the participant counts as under its participation floor. */
  readonly floor?: number;
}

const TYPE_INDEX = new Map<MessageType, number>(MESSAGE_TYPES.map((type, i) => [type, i]));

export function typeIndex(type: MessageType): number {
  return TYPE_INDEX.get(type) ?? -1;
}

/**
 * Everything routing needs, resolved once when the bus is built, so a publish is a few look-ups:
 * who subscribes to a symbol, who belongs to a role, how much each role cares about each other role,
 * and which types each participant may publish.
 */
export class RoutingTable {
  readonly size: number;
  readonly index = new Map<string, number>();
  readonly ids: readonly string[];
  readonly orchestrator: number;
  /** Agent participants, in index order: the recipients of a broadcast. */
  readonly agents: Int32Array;
  readonly symbolIndex = new Map<string, number>();
  /** Per symbol, the agents that follow it. */
  readonly symbolSubscribers: Int32Array[] = [];
  /** `follows[i * symbolCount + s]` is 1 when participant i follows symbol s. */
  readonly follows: Uint8Array;
  readonly roleMembers = new Map<string, Int32Array>();
  /** Role number of each participant. */
  private readonly roleOf: Int32Array;
  private readonly roleCount: number;
  /** `affinity[recipientRole * roleCount + senderRole]`, from the role catalogue. */
  private readonly affinity: Float64Array;
  /** `mayPublish[i * typeCount + t]`. */
  private readonly mayPublish: Uint8Array;
  /** Filled by `resolve`: the participants a message is addressed to. */
  readonly addressed: Int32Array;
  /** The `resolve` call that last addressed each participant (de-duplication without a Set). */
  private readonly seenIn: Uint32Array;
  private generation = 0;

  constructor(participants: readonly BusParticipant[], roles: readonly RoleDefinition[]) {
    this.size = participants.length;
    this.addressed = new Int32Array(this.size);
    this.seenIn = new Uint32Array(this.size);
    this.ids = participants.map((p) => p.id);
    participants.forEach((p, i) => {
      if (this.index.has(p.id)) throw new Error(`duplicate participant id: ${p.id}`);
      this.index.set(p.id, i);
    });
    this.orchestrator = this.index.get(ORCHESTRATOR_ID) ?? -1;
    this.agents = Int32Array.from(
      participants.flatMap((p, i) => (p.role === ORCHESTRATOR_ROLE ? [] : [i])),
    );
    for (const p of participants)
      for (const s of p.symbols)
        if (!this.symbolIndex.has(s)) this.symbolIndex.set(s, this.symbolIndex.size);
    this.follows = new Uint8Array(this.size * this.symbolIndex.size);
    const bySymbol: number[][] = [...this.symbolIndex.keys()].map(() => []);
    for (const i of this.agents) {
      for (const symbol of participants[i].symbols) {
        const s = this.symbolIndex.get(symbol) ?? 0;
        this.follows[i * this.symbolIndex.size + s] = 1;
        bySymbol[s].push(i);
      }
    }
    this.symbolSubscribers = bySymbol.map((members) => Int32Array.from(members));
    this.buildRoleMembers(participants);
    const roleNames = [...this.roleMembers.keys()];
    this.roleCount = roleNames.length;
    this.roleOf = Int32Array.from(participants.map((p) => roleNames.indexOf(p.role)));
    const catalogue = new Map(roles.map((r) => [r.role as string, r]));
    this.affinity = this.buildAffinity(roleNames, catalogue);
    this.mayPublish = this.buildPermissions(participants, catalogue);
  }

  get symbolCount(): number {
    return this.symbolIndex.size;
  }

  affinityOf(recipient: number, sender: number): number {
    return this.affinity[this.roleOf[recipient] * this.roleCount + this.roleOf[sender]];
  }

  mayPublishType(sender: number, type: number): boolean {
    return this.mayPublish[sender * MESSAGE_TYPES.length + type] === 1;
  }

  /**
   * Resolves a `to` list of agent ids and role names into `addressed` (participant indices, without
   * duplicates) and returns how many there are. The list is reused by the next call: addressing a
   * message allocates nothing.
   */
  resolve(to: readonly string[]): number {
    const generation = (this.generation = (this.generation + 1) >>> 0 || 1);
    let count = 0;
    for (const name of to) {
      const i = this.index.get(name);
      if (i !== undefined) count = this.address(i, generation, count);
      else {
        const members = this.roleMembers.get(name);
        if (members === undefined) continue;
        for (let m = 0; m < members.length; m++)
          count = this.address(members[m], generation, count);
      }
    }
    return count;
  }

  private address(participant: number, generation: number, count: number): number {
    if (this.seenIn[participant] === generation) return count;
    this.seenIn[participant] = generation;
    this.addressed[count] = participant;
    return count + 1;
  }

  private buildRoleMembers(participants: readonly BusParticipant[]): void {
    const groups = new Map<string, number[]>();
    participants.forEach((p, i) => groups.set(p.role, [...(groups.get(p.role) ?? []), i]));
    for (const [role, members] of groups) {
      if (this.index.has(role) && role !== ORCHESTRATOR_ROLE) {
        throw new Error(`role name collides with an agent id: ${role}`);
      }
      this.roleMembers.set(role, Int32Array.from(members));
    }
  }

  private buildAffinity(
    roleNames: readonly string[],
    catalogue: ReadonlyMap<string, RoleDefinition>,
  ): Float64Array {
    const affinity = new Float64Array(roleNames.length * roleNames.length);
    roleNames.forEach((recipientRole, r) => {
      const table: Readonly<Record<string, number | undefined>> =
        catalogue.get(recipientRole)?.affinity ?? {};
      roleNames.forEach((senderRole, s) => {
        affinity[r * roleNames.length + s] =
          senderRole === ORCHESTRATOR_ROLE ? 1 : (table[senderRole] ?? 0);
      });
    });
    return affinity;
  }

  private buildPermissions(
    participants: readonly BusParticipant[],
    catalogue: ReadonlyMap<string, RoleDefinition>,
  ): Uint8Array {
    const permissions = new Uint8Array(this.size * MESSAGE_TYPES.length);
    participants.forEach((p, i) => {
      const allowed: readonly MessageType[] =
        p.role === ORCHESTRATOR_ROLE
          ? ['guidance', 'discussion']
          : (catalogue.get(p.role)?.publishes ?? []);
      for (const type of [...allowed, 'heartbeat' as const])
        permissions[i * MESSAGE_TYPES.length + typeIndex(type)] = 1;
    });
    return permissions;
  }
}
