/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Several builds side by side (parallel development, e2e runs) each take their own folder.
  distDir: process.env.SNAPDECK_DIST_DIR || '.next',
  serverExternalPackages: ['@hono/node-server'],
};

export default nextConfig;
