import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { MONTHLY_TARGET_RETURN_PCT, monthRange, performanceFigures } from './monthly-report.js';
import type { CrossingsDto, MonthlyReportDto } from './report.dto.js';
import { PortfolioReportRepository } from './portfolio-report.repository.js';

const RECENT_CROSSINGS = 50;

/** The monthly performance report and the record of agents trading against each other. */
@Injectable()
export class PortfolioReportService {
  constructor(
    private readonly config: AppConfig,
    private readonly repository: PortfolioReportRepository,
  ) {}

  monthly(month: string): MonthlyReportDto {
    const { start, end } = monthRange(month);
    const marks = this.repository.marks(start, end);
    const activity = this.repository.activity(start, end);
    const none = { feesUsd: 0, tradedUsd: 0 };
    const agents = this.config.roster
      .filter((a) => marks.has(a.id))
      .map((a) => ({
        ...performanceFigures(a.id, marks.get(a.id) ?? [], activity.get(a.id) ?? none),
        role: a.role,
      }));
    const total = [...activity.values()].reduce(
      (sum, t) => ({ feesUsd: sum.feesUsd + t.feesUsd, tradedUsd: sum.tradedUsd + t.tradedUsd }),
      none,
    );
    return {
      month,
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      targetReturnPct: MONTHLY_TARGET_RETURN_PCT,
      portfolio: performanceFigures('portfolio', marks.get('portfolio') ?? [], total),
      agents,
    };
  }

  crossings(): CrossingsDto {
    const recent = this.repository.crossings(RECENT_CROSSINGS);
    return {
      crossings: recent.map((c) => ({ ...c, ts: new Date(c.ts).toISOString() })),
    };
  }
}
