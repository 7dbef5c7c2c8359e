import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// The local cloud is an independent check of the client (docs/decisions/006): neither
// imports the other, by alias or by relative path. Fixtures they share are in lib/testing.
// A rule's options do not merge across config objects: a later no-restricted-imports for
// these files must repeat these patterns.
const importOf = (dir) => `^(@/lib/|(\\./)?(\\.\\./)+(lib/)?)${dir}(/|$)`;
const noImportOf = (dir, message) => ['error', { patterns: [{ regex: importOf(dir), message }] }];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    files: ['lib/localcloud/**'],
    rules: { 'no-restricted-imports': noImportOf('openstack', 'The local cloud keeps its own vocabulary and never imports the client (docs/decisions/006).') },
  },
  {
    // Except the client's tests and its testing/ folder: the contract suite's local-cloud
    // target starts a local cloud.
    files: ['lib/openstack/**'],
    ignores: ['lib/openstack/testing/**', 'lib/openstack/**/*.test.ts'],
    rules: { 'no-restricted-imports': noImportOf('localcloud', 'The client never imports the local cloud outside its tests and testing/ (docs/decisions/006).') },
  },
  // Tests read JSON bodies of many shapes; `any` there is the honest type.
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Playwright fixtures call their `use` argument, which is not React's `use`.
  { files: ['e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  { ignores: ['node_modules/**', '.next/**', '.next-*/**', '.localcloud/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
