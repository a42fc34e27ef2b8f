import { runBusBench } from './bus.bench.js';

/** `npm run bench`: every benchmark, one JSON object per figure on stdout. */
await runBusBench();
