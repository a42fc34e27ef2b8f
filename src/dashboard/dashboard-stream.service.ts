import type { ServerResponse } from 'node:http';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { ComponentLifecycle } from '../platform/component-lifecycle.js';
import { type CancelTimer, Timers } from '../platform/timers.js';
import type { DashboardSnapshot } from './dashboard-snapshot.js';
import { DashboardSnapshotService } from './dashboard-snapshot.service.js';

/** The page's live rate: one snapshot a second. */
export const STREAM_INTERVAL_MS = 1_000;
/** How long EventSource waits before reconnecting after the stream ends. */
const RECONNECT_MS = 2_000;
/** A client this far behind is not reading: drop it rather than buffer for it. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** Seconds a refused client is asked to wait before trying again. */
const BUSY_RETRY_AFTER_S = 10;

/**
 * The server-sent-event stream behind `GET /events`. One timer samples once and writes the same
 * serialised snapshot to every open connection. On shutdown every stream is ended first, so closing
 * the HTTP server never waits on a page that is still listening.
 */
@Injectable()
export class DashboardStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DashboardStream.name);
  private readonly clients = new Set<ServerResponse>();
  /** Open streams per client address: one address may not take every slot. */
  private readonly perAddress = new Map<string, number>();
  private cancel: CancelTimer | undefined;
  private sentSeq = 0;
  private readonly lifecycle = new ComponentLifecycle('dashboard stream');

  /**
   * Real time on purpose, not the market scheduler: the rate is for a person watching, and a replay
   * running market days in seconds must not sample the portfolio once per market second.
   */
  constructor(
    private readonly snapshots: DashboardSnapshotService,
    private readonly timers: Timers,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    void this.lifecycle.start(() => {
      this.cancel = this.timers.every(STREAM_INTERVAL_MS, () => this.tick());
    });
  }

  onModuleDestroy(): void {
    this.lifecycle.stop(() => {
      this.cancel?.();
      for (const client of this.clients) client.end();
      this.clients.clear();
    });
  }

  /**
   * Takes over a raw response: event-stream headers, the opening snapshot, then every tick. Streams
   * beyond the caps are refused with 503: each one pins kernel buffers whether or not it reads.
   */
  open(response: ServerResponse, address: string): void {
    // A page reconnecting while the service stops must not hold the closing server open.
    if (this.lifecycle.isStopping) return refuse(response, 5, 'stopping');
    const { maxClients, maxClientsPerAddress } = this.config.events;
    if (this.clients.size >= maxClients) {
      return refuse(response, BUSY_RETRY_AFTER_S, `${maxClients} event streams are open`);
    }
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (fromAddress >= maxClientsPerAddress) {
      return refuse(
        response,
        BUSY_RETRY_AFTER_S,
        `${maxClientsPerAddress} event streams are open from this address`,
      );
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write(`retry: ${RECONNECT_MS}\n\n`);
    this.clients.add(response);
    this.perAddress.set(address, fromAddress + 1);
    response.on('close', () => {
      this.clients.delete(response);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
    this.write(response, event(this.snapshots.opening()));
  }

  private tick(): void {
    try {
      const snapshot = this.snapshots.sample(this.sentSeq);
      this.sentSeq = this.snapshots.lastFeedSeq;
      if (this.clients.size === 0) return;
      const data = event(snapshot);
      for (const client of this.clients) this.write(client, data);
    } catch (error) {
      this.logger.error(
        `dashboard snapshot failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private write(client: ServerResponse, data: string): void {
    if (client.writableLength > MAX_BUFFERED_BYTES) {
      this.clients.delete(client);
      client.destroy();
      return;
    }
    client.write(data);
  }
}

function refuse(response: ServerResponse, retryAfterS: number, message: string): void {
  response.writeHead(503, {
    'content-type': 'application/json',
    'retry-after': String(retryAfterS),
  });
  response.end(JSON.stringify({ statusCode: 503, error: 'Service Unavailable', message }));
}

function event(snapshot: DashboardSnapshot): string {
  return `data: ${JSON.stringify(snapshot)}\n\n`;
}
