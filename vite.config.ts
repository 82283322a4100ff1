import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is served from its own origin only: data under /data, no CDN, no tile or glyph server.
export default defineConfig({
  plugins: [react()],
  base: './',
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
});
