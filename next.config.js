/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The local cloud and the OpenStack client are server code; keep them out of any bundle.
  serverExternalPackages: ['@hono/node-server'],
};

export default nextConfig;
