// Types of next.config.js for the TypeScript that imports it (its test).
import type { NextConfig } from 'next';

export declare const staticSecurityHeaders: Record<'X-Frame-Options' | 'X-Content-Type-Options' | 'Referrer-Policy' | 'Permissions-Policy' | 'Cross-Origin-Opener-Policy' | 'Cross-Origin-Resource-Policy', string>;
export declare const apiStaticHeaders: Record<'Content-Security-Policy' | 'Cache-Control', string>;
declare const nextConfig: NextConfig;
export default nextConfig;
