import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** One clock (issue 14): the real clocks stay in the platform's adapters. */
const ONE_CLOCK_SYNTAX = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Market time comes from the Clock port; wall time for operators from WallClock.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Market time comes from the Clock port; wall time for operators from WallClock.',
  },
  {
    selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']",
    message: 'Durations come from the Monotonic port.',
  },
  {
    selector: 'Decorator[expression.callee.name=/^(Cron|Interval|Timeout)$/]',
    message: 'Schedule policy on the market-time Scheduler port, infrastructure on Timers.',
  },
];

/** The bus's counters and typed arrays are the communication module's own (issue 20). */
const BUS_INTERNALS_IMPORTS = {
  group: [
    '**/communication/bus-counters.js',
    '**/communication/bus-ledger.js',
    '**/communication/bus-router.js',
    '**/communication/inbox-dispatcher.js',
    '**/communication/activity-tracker.js',
  ],
  message: "The bus's internals are its own: read AgentBus.snapshot().",
};
const BUS_INTERNALS_SYNTAX = [
  {
    selector:
      'MemberExpression[object.property.name="bus"][property.name=/^(counters|table|activity|tuner)$/]',
    message: "The bus's counters and typed arrays are its own: read AgentBus.snapshot().",
  },
];

/** The venue's adapters are the trading module's own (issue 20): others depend on its ports. */
const ASTER_IMPORTS = {
  group: ['**/trading/aster/*', '**/trading/aster/**'],
  message:
    'Aster is an adapter of the trading module: depend on its ports (TradingVenue, Broker, ...).',
};
const ADAPTER_INSTANCEOF_SYNTAX = [
  {
    selector:
      "BinaryExpression[operator='instanceof'][right.name=/^(Aster(Broker|Feed|HttpClient|Account|VenueAccount|MarketRest)|UserDataStream|MarketStream|Paper(Broker|Account)|(Replay|Simulated|Stepped)Feed|ComposedVenue)$/]",
    message: 'Ask the venue port (feed, broker, account), not which adapter it is.',
  },
];

/** One boundary block: the files, the imports they may not make, the syntax they may not use. */
function seamBlock(files, ignores, { imports, syntax }) {
  return {
    files,
    ignores: [...ignores, 'src/**/*.spec.ts', 'src/**/*.fixture.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: imports }],
      'no-restricted-syntax': ['error', ...syntax],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'data/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // One clock (issue 14): policy reads market time from the Clock port and schedules through the
    // Scheduler port; durations use Monotonic and Timers. Only the platform's adapters touch the real ones.
    files: ['src/**/*.ts'],
    ignores: ['src/platform/**', 'src/**/*.spec.ts', 'src/**/*.fixture.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...ONE_CLOCK_SYNTAX],
      'no-restricted-globals': [
        'error',
        {
          name: 'setInterval',
          message: 'Use the Scheduler port (market time) or Timers (infrastructure).',
        },
        {
          name: 'setTimeout',
          message: 'Use the Scheduler port (market time) or Timers (infrastructure).',
        },
      ],
      'no-restricted-imports': [
        'error',
        { name: '@nestjs/schedule', message: 'Use the market-time Scheduler port or Timers.' },
        {
          name: 'node:perf_hooks',
          importNames: ['performance'],
          message: 'Durations come from the Monotonic port.',
        },
      ],
    },
  },
  // Typed seams (issue 20). A later block's `no-restricted-syntax` or `no-restricted-imports` replaces an
  // earlier one's for the same file, so each directory gets one block with every boundary it must keep.
  seamBlock(['src/**/*.ts'], ['src/communication/**', 'src/platform/**', 'src/trading/**'], {
    imports: [BUS_INTERNALS_IMPORTS, ASTER_IMPORTS],
    syntax: [...ONE_CLOCK_SYNTAX, ...BUS_INTERNALS_SYNTAX, ...ADAPTER_INSTANCEOF_SYNTAX],
  }),
  seamBlock(['src/communication/**/*.ts'], [], {
    imports: [ASTER_IMPORTS],
    syntax: [...ONE_CLOCK_SYNTAX, ...ADAPTER_INSTANCEOF_SYNTAX],
  }),
  seamBlock(['src/platform/**/*.ts'], [], {
    imports: [BUS_INTERNALS_IMPORTS, ASTER_IMPORTS],
    syntax: ADAPTER_INSTANCEOF_SYNTAX,
  }),
  // Inside trading, only the venue factory knows which adapters it built.
  seamBlock(['src/trading/**/*.ts'], [], {
    imports: [BUS_INTERNALS_IMPORTS],
    syntax: [...ONE_CLOCK_SYNTAX, ...BUS_INTERNALS_SYNTAX],
  }),
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
