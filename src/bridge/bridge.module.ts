import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CommunicationModule } from '../communication/communication.module.js';
import { BridgeMetrics } from './bridge.metrics.js';
import { BridgeService } from './bridge.service.js';
import { ContractsController } from './contracts.controller.js';
import { createExternalTransport, externalTransportKind } from './external-transport.factory.js';
import { ExternalTransport } from './external-transport.js';
import { WireContract } from './wire-contract.js';

/** External agents over Pub/Sub, and the wire contract they speak. Uses communication and platform. */
@Module({
  imports: [CommunicationModule],
  controllers: [ContractsController],
  providers: [
    { provide: WireContract, useFactory: () => WireContract.load() },
    {
      provide: ExternalTransport,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        createExternalTransport(externalTransportKind(config), config),
    },
    BridgeService,
    BridgeMetrics,
  ],
})
export class BridgeModule {}
