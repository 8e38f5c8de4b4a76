import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    // The timing report only says the machine was busy; it is noise in `npm start`.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
