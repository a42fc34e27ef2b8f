import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

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
      'no-restricted-syntax': [
        'error',
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
      ],
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
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
