import { ParticipationTuner, type TuningSpec } from './participation-tuner.js';

const spec: TuningSpec = { defaultThreshold: 0.6, min: 0.45, max: 0.85, floor: 0.2, tuned: true };
const options = { autoTune: true, warmupMs: 10_000, floorGraceMs: 5_000 };

function harness(scores: number[], opts = options) {
  const tuner = new ParticipationTuner(
    scores.map(() => spec),
    opts,
    0,
  );
  const thresholds = new Float64Array(scores.length).fill(spec.defaultThreshold);
  const refill = new Float64Array(scores.length).fill(1);
  const tick = (now: number) => tuner.tick(now, (i) => scores[i], thresholds, refill);
  return { tuner, thresholds, refill, tick, scores };
}

describe('ParticipationTuner', () => {
  it('halves the refill of an agent over twice the average until it recovers below 1.8', () => {
    const h = harness([2.4, 1]);
    h.tick(1_000);
    expect([...h.refill]).toEqual([0.5, 1]);
    h.scores[0] = 1.9; // between the lines: stays slowed (hysteresis)
    h.tick(2_000);
    expect(h.refill[0]).toBe(0.5);
    h.scores[0] = 1.7;
    h.tick(3_000);
    expect(h.refill[0]).toBe(1);
  });

  it('raises the floor alert only after the warm-up and a grace period under the floor', () => {
    const h = harness([0.1, 1]);
    h.tick(5_000);
    expect(h.tuner.belowFloor[0]).toBe(0); // still warming up
    h.tick(10_000);
    h.tick(14_000);
    expect(h.tuner.belowFloor[0]).toBe(0); // under the floor for 4 s only
    h.tick(15_000);
    expect(h.tuner.belowFloor[0]).toBe(1);
    h.scores[0] = 0.5;
    h.tick(16_000);
    expect(h.tuner.belowFloor[0]).toBe(0);
  });

  it('eases the threshold of an agent under its floor step by step, never under its bounds, and unwinds it', () => {
    const h = harness([0.05, 1]);
    const seen: number[] = [];
    for (let t = 10_000; t <= 40_000; t += 1_000) {
      h.tick(t);
      seen.push(h.thresholds[0]);
    }
    expect(Math.min(...seen)).toBeCloseTo(spec.min, 9);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeLessThanOrEqual(seen[k - 1] + 1e-12);
    expect(h.thresholds[1]).toBeCloseTo(0.6, 9);
    h.scores[0] = 1;
    for (let t = 41_000; t <= 80_000; t += 1_000) h.tick(t);
    expect(h.thresholds[0]).toBeCloseTo(0.6, 9);
  });

  it('raises thresholds in a calm market and lowers them in a volatile one', () => {
    const h = harness([1, 1]);
    for (let k = 0; k < 50; k++) h.tuner.observeVolatility(0.004);
    h.tuner.observeVolatility(0.002);
    expect(h.tuner.regime()).toBe('calm');
    h.tick(1_000);
    expect(h.thresholds[0]).toBeCloseTo(0.65, 9);
    h.tuner.observeVolatility(0.009);
    expect(h.tuner.regime()).toBe('volatile');
    h.tick(2_000);
    expect(h.thresholds[0]).toBeCloseTo(0.55, 9);
  });

  it('keeps an admin-set threshold pinned, or within the band the admin gave', () => {
    const h = harness([0.05, 0.05]);
    h.tuner.setAdminThreshold(0, 0.7, 0);
    h.tuner.setAdminThreshold(1, 0.7, 0.1);
    for (let t = 10_000; t <= 60_000; t += 1_000) h.tick(t);
    expect(h.thresholds[0]).toBeCloseTo(0.7, 9);
    expect(h.thresholds[1]).toBeCloseTo(0.6, 9);
  });

  it('leaves thresholds alone with auto-tuning off, but still applies the balance rule and floors', () => {
    const h = harness([2.5, 0.05], { ...options, autoTune: false });
    for (let t = 10_000; t <= 30_000; t += 1_000) h.tick(t);
    expect([...h.thresholds]).toEqual([0.6, 0.6]);
    expect(h.refill[0]).toBe(0.5);
    expect(h.tuner.belowFloor[1]).toBe(1);
  });
});
