// Server-rendered pages: eta templates from views/, auto-escaping on, cached outside tests.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { Eta } from 'eta';

export const VIEWS_DIR = fileURLToPath(new URL('../../views/', import.meta.url));

export function installViews(app: Express): void {
  const eta = new Eta({ views: VIEWS_DIR, autoEscape: true, cache: process.env.NODE_ENV !== 'development' });
  app.engine('eta', (path, options, callback) => {
    try {
      const { settings: _settings, _locals: _unused, cache: _cache, ...data } = options as Record<string, unknown>;
      const csrf = data.csrf as (() => string) | undefined;
      // Made (and stored in the session) only when a form prints it: the layout copies `it`, and a
      // getter would be read there, storing a session for every page an anonymous visitor sees.
      data.csrfToken = { toString: () => (csrf ? csrf() : '') };
      callback(null, eta.render(`./${relative(VIEWS_DIR, path)}`, data));
    } catch (error) {
      callback(error as Error);
    }
  });
  app.set('view engine', 'eta');
  app.set('views', VIEWS_DIR);
}
