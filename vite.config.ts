import type { Connect } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * FlatGeobuf files are read by bounding box through HTTP range requests against their
 * spatial index. A compressing server breaks that (Chromium: ERR_CONTENT_DECODING_FAILED on a
 * gzipped partial response), and an unknown type invites compression: serve them as opaque bytes.
 */
const flatGeobufAsBytes: Connect.NextHandleFunction = (request, response, next) => {
  if (request.url && /\.fgb(\?|$)/.test(request.url)) {
    response.setHeader('Content-Type', 'application/octet-stream');
    response.setHeader('Cache-Control', 'no-transform');
  }
  next();
};

// The app is served from its own origin only: data under /data, no CDN, no tile or glyph server.
export default defineConfig({
  plugins: [
    react(),
    {
      name: 'flatgeobuf-range-requests',
      configureServer: (server) => void server.middlewares.use(flatGeobufAsBytes),
      configurePreviewServer: (server) => void server.middlewares.use(flatGeobufAsBytes),
    },
  ],
  base: './',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
});
