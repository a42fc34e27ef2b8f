import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { PortfolioService } from '../orchestration/portfolio.service.js';
import { MarketDataFeed } from '../trading/market-data.feed.js';
import { EquityMarksRepository } from './equity-marks.repository.js';
import { MarketMarkService } from './market-mark.service.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';
import { portfolioPositions } from './positions-snapshot.js';
import { TradeHistoryRepository, type TradeFilter } from './trade-history.repository.js';
import type {
  AllocationHistoryDto,
  CandlesDto,
  EquityDto,
  FillsPageDto,
  OrdersPageDto,
  PositionsDto,
} from './trader-view.dto.js';
import {
  STEPS,
  type CandlesQuery,
  type EquityQuery,
  type FillsQuery,
  type OrdersQuery,
  type SeriesQuery,
  type Step,
} from './trader-view-query.dto.js';

const DEFAULT_PAGE = 50;
/** Distinct fill queries kept between two fills. */
const KEPT_PAGES = 256;
/** Points per series in one answer: a week of 5-minute marks, or a year of hourly ones at 1d. */
export const MAX_SERIES_POINTS = 2016;
/** Bars a candle answer may hold: what the feeds keep in memory. */
const MAX_CANDLES = 1024;

/** A market-time range in epoch ms; open ends are unbounded. */
export interface MarketRange {
  readonly fromMs?: number;
  readonly toMs?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The trader's reads: orders, fills, positions, equity and allocation history, candles. */
@Injectable()
export class TraderViewService {
  private readonly agentIds: readonly string[];
  private readonly fillPages = new Map<string, FillsPageDto>();
  private fillPagesAt = -1;

  constructor(
    config: AppConfig,
    private readonly trades: TradeHistoryRepository,
    private readonly marks: EquityMarksRepository,
    private readonly marker: MarketMarkService,
    private readonly feed: MarketDataFeed,
    private readonly portfolio: PortfolioService,
  ) {
    this.agentIds = config.roster.map((a) => a.id);
  }

  orders(query: OrdersQuery, range: MarketRange): OrdersPageDto {
    const filter = this.filter(query, range);
    const rows = this.trades.orders({ ...filter, status: query.status });
    const page = rows.slice(0, filter.limit - 1);
    return {
      orders: page.map((r) => ({
        clientOrderId: r.clientOrderId,
        agentId: r.agentId,
        symbol: r.symbol,
        side: r.side,
        quantity: r.quantity,
        status: r.status,
        signalId: r.signalId,
        createdAt: iso(r.createdAt),
      })),
      nextCursor: rows.length === filter.limit ? encodeCursor(page[page.length - 1].rowId) : null,
    };
  }

  /** Pages of fills are kept until the next fill is booked: a dashboard polling the same page reads memory. */
  fills(query: FillsQuery, range: MarketRange): FillsPageDto {
    const booked = this.portfolio.bookedFills();
    if (booked !== this.fillPagesAt) {
      this.fillPages.clear();
      this.fillPagesAt = booked;
    }
    // The fields before the cursor are validated ids, symbols, sides and numbers, none with a space,
    // and the cursor comes last: two queries never share a key.
    const key = `${query.agent} ${query.symbol} ${query.side} ${range.fromMs} ${range.toMs} ${query.limit} ${query.cursor}`;
    let page = this.fillPages.get(key);
    if (!page) {
      if (this.fillPages.size >= KEPT_PAGES) this.fillPages.clear();
      page = this.readFills(query, range);
      this.fillPages.set(key, page);
    }
    return page;
  }

  private readFills(query: FillsQuery, range: MarketRange): FillsPageDto {
    const filter = this.filter(query, range);
    const rows = this.trades.fills(filter);
    const page = rows.slice(0, filter.limit - 1);
    return {
      fills: page.map((r) => ({
        id: r.rowId,
        clientOrderId: r.clientOrderId,
        agentId: r.agentId,
        symbol: r.symbol,
        side: r.side,
        quantity: r.quantity,
        price: r.price,
        notionalUsd: r.quantity * r.price,
        feeUsd: r.feeUsd,
        ts: iso(r.ts),
      })),
      nextCursor: rows.length === filter.limit ? encodeCursor(page[page.length - 1].rowId) : null,
    };
  }

  positions(agent?: string): PositionsDto {
    const snapshot = this.marker.snapshot;
    const agents = agent ? snapshot.agents.filter((a) => a.agentId === agent) : snapshot.agents;
    return {
      asOf: iso(snapshot.ts),
      agents: [...agents],
      portfolio: portfolioPositions(agents),
    };
  }

  equity(query: EquityQuery, range: MarketRange): EquityDto {
    const ids = query.agent ? [query.agent] : [...this.agentIds, 'portfolio'];
    const { step, truncated, series } = this.series(ids, query, range);
    return {
      step,
      truncated,
      series: ids.map((id) => ({
        id,
        points: (series.get(id) ?? []).map((m) => ({
          ts: iso(m.ts),
          equityUsd: m.equityUsd,
          pnlUsd: m.pnlUsd,
        })),
      })),
    };
  }

  allocationHistory(query: SeriesQuery, range: MarketRange): AllocationHistoryDto {
    const { step, truncated, series } = this.series(this.agentIds, query, range);
    return {
      step,
      truncated,
      agents: this.agentIds.map((agentId) => ({
        agentId,
        points: (series.get(agentId) ?? []).map((m) => ({
          ts: iso(m.ts),
          allocationPct: m.allocationPct,
          targetPct: m.targetPct,
        })),
      })),
    };
  }

  candles(query: CandlesQuery, range: MarketRange): CandlesDto {
    const bars = this.feed
      .recent(query.symbol, MAX_CANDLES)
      .filter(
        (c) =>
          (range.fromMs === undefined || c.openTime >= range.fromMs) &&
          (range.toMs === undefined || c.openTime <= range.toMs),
      );
    return {
      symbol: query.symbol,
      candles: bars.map((c) => ({
        openTime: iso(c.openTime),
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
        volume: c.volume,
      })),
    };
  }

  /** Asks for one row more than the page, so a full page knows whether another follows. */
  private filter(query: FillsQuery, range: MarketRange): TradeFilter {
    return {
      agent: query.agent,
      symbol: query.symbol,
      side: query.side,
      fromMs: range.fromMs,
      toMs: range.toMs,
      beforeRowId: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit: (query.limit ?? DEFAULT_PAGE) + 1,
    };
  }

  private series(ids: readonly string[], query: SeriesQuery, range: MarketRange) {
    const step: Step = query.step ?? '5m';
    const series = this.marks.series({
      ids,
      fromMs: range.fromMs ?? 0,
      toMs: range.toMs ?? Number.MAX_SAFE_INTEGER,
      stepMs: STEPS[step],
      limit: MAX_SERIES_POINTS + 1,
    });
    let truncated = false;
    for (const [id, points] of series) {
      if (points.length <= MAX_SERIES_POINTS) continue;
      truncated = true;
      series.set(id, points.slice(points.length - MAX_SERIES_POINTS));
    }
    return { step, truncated, series };
  }
}
