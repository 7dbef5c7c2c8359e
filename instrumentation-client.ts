// Runs in the browser before React hydrates: zod parses jitless there (lib/client/zod-jitless.ts).
import { makeZodJitless } from '@/lib/client/zod-jitless';

makeZodJitless();
