// Runs in the browser before React hydrates. Zod probes whether it may compile parsers with
// `new Function`; under the CSP (no 'unsafe-eval') the probe is refused and reported as a
// securitypolicyviolation although zod catches it. Jitless parsing skips the probe.
import { config } from 'zod';

config({ jitless: true });
