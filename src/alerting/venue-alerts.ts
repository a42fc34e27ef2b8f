import type { VenueAlertEvent } from '../platform/domain-events.js';

/** Venue alerts kept for `GET /alerts`; older ones are in the log. */
export const VENUE_ALERTS_KEPT = 20;

export interface VenueAlertStatus {
  readonly source: VenueAlertEvent['source'];
  readonly message: string;
  /** Market time it was raised, ISO-8601. */
  readonly marketTime: string;
  /** Wall time it reached the service's alerts, ISO-8601: what an operator compares with their watch. */
  readonly raisedAt: string;
}

/** The venue's latest alerts, newest first: each one an event, not a condition, so it never clears itself. */
export class VenueAlerts {
  private readonly recent: VenueAlertStatus[] = [];

  record(alert: VenueAlertEvent, wallMs: number): void {
    this.recent.unshift({
      source: alert.source,
      message: alert.message,
      marketTime: new Date(alert.ts).toISOString(),
      raisedAt: new Date(wallMs).toISOString(),
    });
    this.recent.length = Math.min(this.recent.length, VENUE_ALERTS_KEPT);
  }

  list(): readonly VenueAlertStatus[] {
    return this.recent;
  }
}
