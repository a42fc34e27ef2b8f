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
  {
    // Typed seams (issue 20): the bus's counters and typed arrays are the communication module's own;
    // everyone else reads `AgentBus.snapshot()`.
    files: ['src/**/*.ts'],
    // Same files as the one-clock rules (a later `no-restricted-syntax` replaces an earlier one).
    ignores: ['src/communication/**', 'src/platform/**', 'src/**/*.spec.ts', 'src/**/*.fixture.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/communication/bus-counters.js',
                '**/communication/bus-ledger.js',
                '**/communication/bus-router.js',
                '**/communication/inbox-dispatcher.js',
                '**/communication/activity-tracker.js',
              ],
              message: "The bus's internals are its own: read AgentBus.snapshot().",
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        ...ONE_CLOCK_SYNTAX,
        {
          selector:
            'MemberExpression[object.property.name="bus"][property.name=/^(counters|table|activity|tuner)$/]',
          message: "The bus's counters and typed arrays are its own: read AgentBus.snapshot().",
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
