import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { AgentCoordinator } from '../communication/agent-coordinator.service.js';
import { ExternalPresence } from '../communication/external-presence.js';
import { Outbox } from '../platform/outbox.js';
import { BridgeCounters } from './bridge-counters.js';
import { ExternalAgentBridge } from './external-agent-bridge.js';
import { ExternalTransport } from './external-transport.js';
import { InboundAdmissionPolicy } from './inbound-admission.policy.js';
import { WireContract } from './wire-contract.js';
import { WireMessageCodec } from './wire-message.codec.js';

/** Runs the external-agent bridge for the service's lifetime, when a transport is configured. */
@Injectable()
export class BridgeService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly bridge: ExternalAgentBridge | undefined;
  private readonly logger = new Logger(BridgeService.name);

  constructor(
    config: AppConfig,
    coordinator: AgentCoordinator,
    presence: ExternalPresence,
    outbox: Outbox,
    contract: WireContract,
    @Inject(ExternalTransport) transport: ExternalTransport | null,
  ) {
    if (transport === null) return;
    this.bridge = new ExternalAgentBridge({
      bus: coordinator.bus,
      presence,
      transport,
      codec: new WireMessageCodec(contract.validator),
      admission: new InboundAdmissionPolicy(config.roster, config.roles),
      commit: () => outbox.flush(),
    });
  }

  /** Zero counts when no transport is configured, so the metric still exists. */
  get counters(): BridgeCounters {
    return this.bridge?.counters ?? EMPTY;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.bridge) return;
    await this.bridge.start();
    this.logger.log('external agents can connect');
  }

  async onModuleDestroy(): Promise<void> {
    await this.bridge?.stop();
  }
}

const EMPTY = new BridgeCounters();
