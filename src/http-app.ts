import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { useRosterAgents } from './config/roster-agent.validator.js';
import { DomainErrorFilter } from './platform/domain-error.filter.js';
import { SystemWallClock } from './platform/clock.js';
import { guardRequestInput } from './platform/json-body.parser.js';
import { JsonLogger } from './platform/json-logger.js';
import { closeSilentConnectionsOnShutdown } from './platform/silent-connections.js';
import { describeErrors, ERROR_MODELS } from './platform/openapi-document.js';
import { marketStartTime } from './trading/market-start.js';

/** Admin bodies are a few bytes; anything large is refused before it is parsed. */
const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * Builds the HTTP application (not yet listening): the module graph on Fastify, strict validation, the
 * domain-error mapping and Swagger. `main` and the end-to-end tests both use it.
 */
export async function createHttpApp(
  config: AppConfig,
  logger: LoggerService = new JsonLogger(config.logLevel),
): Promise<NestFastifyApplication> {
  const marketStartMs = marketStartTime(config, new SystemWallClock().now());
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { marketStartMs }),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES }),
    // Nest's own JSON parser would replace guardRequestInput's.
    { logger, abortOnError: false, bodyParser: false },
  );
  guardRequestInput(app.getHttpAdapter().getInstance());
  closeSilentConnectionsOnShutdown(app.getHttpAdapter().getInstance());
  useRosterAgents(config);
  app.useGlobalFilters(new DomainErrorFilter());
  // Built on the first request for /docs or /docs-json: start-up does not wait for it.
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Cloud Trader')
        .setDescription(
          'Admin and monitoring API of the Cloud Trader agent team (paper trading by default).',
        )
        .setVersion('0.1.0')
        .addServer('/', 'This service')
        .addTag('portfolio', 'Equity, allocations, ledgers, guidance, breakers and reports.')
        .addTag('trades', 'Orders, fills, positions, equity and allocation history, candles.')
        .addTag('communication', 'Agent activity and participation thresholds.')
        .addTag('agents', 'The in-process agents and their lifecycle.')
        .addTag('bridge', 'The wire contract of external agents.')
        .addTag('dashboard', 'The dashboard’s live stream.')
        .addTag('operations', 'Health, readiness, metrics and alerts.')
        .addBearerAuth(
          {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'opaque',
            description: 'A read, operator or admin token',
          },
          'read',
        )
        .addBearerAuth(
          {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'opaque',
            description: 'An operator or admin token',
          },
          'operator',
        )
        .addBearerAuth(
          { type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'An admin token' },
          'admin',
        )
        .build(),
      { extraModels: ERROR_MODELS, operationIdFactory: (_controller, method) => method },
    );
  SwaggerModule.setup('docs', app, () => describeErrors(document()), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}
