import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where the dashboard is served; `/` redirects there. */
export const DASHBOARD_PATH = '/app';

/**
 * The built dashboard, `dist/dashboard` (`npm run build:dashboard`; never the sources in `dashboard/`): found
 * from the compiled service in `dist/src/http` or from its TypeScript sources in `src/http` (tests).
 */
export function dashboardFolder(): string | null {
  const candidates = [
    resolve(__dirname, '..', '..', '..', 'dist', 'dashboard'),
    resolve(__dirname, '..', '..', 'dist', 'dashboard'),
  ];
  return candidates.find((folder) => existsSync(join(folder, 'index.html'))) ?? null;
}

/**
 * Serves the dashboard's static files at /app with a Content-Security-Policy stricter than the API's: its own
 * scripts, styles, images and API only — nothing inline, nothing remote. The files are public; every figure
 * they show comes from the API with the credentials the person signs in with.
 */
export function serveDashboard(app: NestExpressApplication): void {
  const folder = dashboardFolder();
  app.use(
    DASHBOARD_PATH,
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method === 'GET' && request.path === '/') return response.redirect(302, `${DASHBOARD_PATH}/`);
    next();
  });
  if (folder) {
    app.useStaticAssets(folder, { prefix: DASHBOARD_PATH, index: 'index.html' });
  } else {
    app.use(DASHBOARD_PATH, (_request: Request, response: Response) => {
      response
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built: run `npm run build` (npm start does it first).');
    });
  }
}
