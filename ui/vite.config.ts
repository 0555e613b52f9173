import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// A plain SPA (plus the workshop's participant page): `vite build` writes ui/dist, which `groundwork serve` and the desktop shell
// load. Nothing is inlined into index.html, so the strict CSP (no inline script) holds.
export default defineConfig({
  plugins: [svelte()],
  // Tests mount components in jsdom: Svelte's browser build (its default export is the server's).
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Two pages: the app (index.html) and the participant page phones open from a workshop
    // (participant.html, served alone by the workshop listener). They share no app code.
    rollupOptions: {
      input: { index: 'index.html', participant: 'participant.html' },
    },
  },
  server: {
    // `npm run dev` against a running `groundwork serve`, with the token from the URL it
    // printed: GW_SERVER=http://127.0.0.1:PORT GW_TOKEN=… npm run dev
    proxy: process.env.GW_SERVER
      ? {
          '/api': {
            target: process.env.GW_SERVER,
            changeOrigin: false,
            headers: process.env.GW_TOKEN ? { authorization: `Bearer ${process.env.GW_TOKEN}` } : {},
          },
        }
      : undefined,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
