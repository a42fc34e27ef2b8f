import { Global, Logger, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { Outbox } from '../platform/outbox.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { AccessControl, ReadAuthPolicy } from './access-control.js';
import { AccessTokens } from './access-tokens.js';
import { storedAdminToken } from './admin-token.file.js';
import { AuditController } from './audit.controller.js';
import { AuditCoverage } from './audit-coverage.js';
import { AuditLogRepository } from './audit-log.repository.js';

/**
 * The configured tokens, plus an admin token from DATA_DIR/admin-token when none has admin scope. The
 * log names the file, never the value.
 */
function accessTokens(config: AppConfig): AccessTokens {
  const settings = [...config.access.tokens];
  if (!settings.some((t) => t.scope === 'admin')) {
    const stored = storedAdminToken(config.dataDir);
    settings.push(stored.setting);
    new Logger('AccessTokens').warn(
      stored.created
        ? `ADMIN_TOKEN is not set; generated an admin token into ${stored.path} (owner-only)`
        : `ADMIN_TOKEN is not set; using the admin token in ${stored.path}`,
    );
  }
  return new AccessTokens(settings);
}

/** Who may call what (scoped bearer tokens on every route) and the audit trail of every change. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [AuditController],
  providers: [
    { provide: AccessTokens, inject: [AppConfig], useFactory: accessTokens },
    {
      provide: ReadAuthPolicy,
      inject: [AppConfig],
      useFactory: (config: AppConfig): ReadAuthPolicy => ({ required: config.access.readAuth }),
    },
    {
      provide: AuditLogRepository,
      inject: [SqliteConnection, Outbox],
      useFactory: (sqlite: SqliteConnection, outbox: Outbox) =>
        new AuditLogRepository(sqlite, outbox),
    },
    AccessControl,
    AuditCoverage,
  ],
  exports: [AccessTokens, ReadAuthPolicy, AuditLogRepository],
})
export class AccessModule {}
