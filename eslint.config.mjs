import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

// Layering, checked here (docs/architecture.md): lib never imports the UI or the routes;
// route handlers never import the UI; the UI never imports server-only code (only the
// client's browser-safe vocabulary); the local cloud and the client never import each other
// (docs/decisions/006). Regex patterns catch `@/` and relative paths alike.
// A rule's options do not merge across config objects: each group below repeats what it needs.
// components/ and app/ are reached with the `@/` alias (a relative `../app` inside lib/ is a
// file of lib, such as lib/localcloud/app.ts).
const importOf = (dir) => `^@/${dir}(/|$)`;
const libImportOf = (dir) => `^(@/lib/|(\\./)?(\\.\\./)+(lib/)?)${dir}(/|$)`;
const pattern = (regex, message) => ({ regex, message });
const LIB_LAYERS = [
  pattern(importOf('components'), 'lib/ is below the UI: it never imports components/ (docs/architecture.md).'),
  pattern(importOf('app'), 'lib/ is below the routes: it never imports app/ (docs/architecture.md).'),
];
const restrict = (...patterns) => ['error', { patterns }];

const config = [
  ...nextVitals,
  ...nextTs,
  { files: ['lib/**'], rules: { 'no-restricted-imports': restrict(...LIB_LAYERS) } },
  {
    files: ['lib/localcloud/**'],
    rules: {
      'no-restricted-imports': restrict(...LIB_LAYERS, pattern(libImportOf('openstack'), 'The local cloud keeps its own vocabulary and never imports the client (docs/decisions/006).')),
    },
  },
  {
    // Except the client's tests and its testing/ folder: the contract suite's local-cloud
    // target starts a local cloud.
    files: ['lib/openstack/**'],
    ignores: ['lib/openstack/testing/**', 'lib/openstack/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(...LIB_LAYERS, pattern(libImportOf('localcloud'), 'The client never imports the local cloud outside its tests and testing/ (docs/decisions/006).')),
    },
  },
  {
    files: ['app/api/**'],
    rules: { 'no-restricted-imports': restrict(pattern(importOf('components'), 'Route handlers never import the UI: shared inputs live in lib/<feature>/contract.ts (docs/architecture.md).')) },
  },
  {
    // Client components run in the browser: no server-only module, no session, and of the
    // OpenStack client only its browser-safe vocabulary (ids, server states, image properties).
    files: ['components/**'],
    rules: {
      'no-restricted-imports': restrict(
        pattern('^server-only$', 'Components run in the browser: server-only code stays in lib/server and route handlers.'),
        pattern(libImportOf('server'), 'Components run in the browser: they reach the server through /api routes (lib/client/api-fetch).'),
        pattern('^@/lib/openstack/(?!ids$|compute/server-states$|image/properties$|image/image-states$)', 'Components use only the client\'s browser-safe vocabulary (ids, compute/server-states, image/properties, image/image-states); data comes through /api routes.'),
      ),
    },
  },
  // Tests read JSON bodies of many shapes; `any` there is the honest type.
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Playwright fixtures call their `use` argument, which is not React's `use`.
  { files: ['e2e/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
  { ignores: ['node_modules/**', '.next/**', '.next-*/**', '.localcloud/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
];

export default config;
