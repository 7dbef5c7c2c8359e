import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  // Tests read JSON bodies of many shapes; `any` there is the honest type.
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Playwright fixtures call their `use` argument, which is not React's `use`.
  { files: ['e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  { ignores: ['node_modules/**', '.next/**', '.next-*/**', '.localcloud/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
