/**
 * How a driven replay's writes reach the disk; the one thing a headless run changes, never a figure.
 *
 * - `each-write` (the service, and any run that talks to someone outside the process): every order,
 *   fill, ledger and outbox row commits on its own, before anyone can be told it happened.
 * - `whole-bars` (a headless run that acknowledges nothing outside the process): the writes of whole
 *   bars and then the replay position commit together (`BarTransaction`), so a crash loses only whole
 *   bars and a restart resumes after the last committed one.
 */
export type ReplayCommitMode = 'each-write' | 'whole-bars';

/** The injection token for the run's choice; the service's is `each-write`. */
export class ReplayCommits {
  static readonly eachWrite = new ReplayCommits('each-write');
  static readonly wholeBars = new ReplayCommits('whole-bars');

  private constructor(readonly mode: ReplayCommitMode) {}
}
