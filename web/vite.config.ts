import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { CONSOLE_PATHS } from './src/app/paths.js';

/**
 * dist/console-routes.json: the route patterns the server answers with index.html (deep links,
 * reloads); every other unknown path stays 404 (services/scim/src/plugins/web.ts).
 */
function consoleRoutes(): Plugin {
  return {
    name: 'console-routes',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'console-routes.json', source: JSON.stringify(CONSOLE_PATHS) });
    },
  };
}

export default defineConfig({
  plugins: [react(), consoleRoutes()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/scim': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
});
