import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIContext, MiddlewareNext } from 'astro';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from './core/db/client.ts';
import { migrateDatabase } from './core/db/migrate.ts';
import { isMachineEndpoint } from './web/same-origin.ts';

// Astro's wrapper only types the handler; without it, the real middleware runs here as the server runs it.
vi.mock('astro:middleware', () => ({ defineMiddleware: (handler: unknown) => handler }));
const { onRequest } = await import('./middleware.ts');
const { getRuntime } = await import('./web/runtime.ts');
const { LINK_ROUTES } = await import('./web/links/routes.ts');

const SITE = 'https://communaute.example.org';
const SRC = path.dirname(fileURLToPath(import.meta.url));
const PAGES = path.join(SRC, 'pages');
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Values for the routes' parameters; any other parameter gets a plain one, so a new route needs nothing here. */
const PARAMETERS: Record<string, string> = {
  locale: 'fr',
  channelId: 'C04H2CET7WP',
  ts: '1704898848.212251',
  permalink: 'p1704898848212251',
  personId: 'U04B1QK7ELS',
};

interface WriteRoute {
  file: string;
  path: string;
  params: Record<string, string>;
  methods: readonly string[];
}

/** The write methods a route file answers: a page answers them all, an endpoint those it exports. */
function writeMethodsOf(file: string): readonly string[] {
  if (file.endsWith('.astro') || file.endsWith('.md')) return WRITE_METHODS;
  const source = fs.readFileSync(file, 'utf8');
  const exported = new Set([...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+([A-Z]+)\b/g)].map((match) => match[1]));
  return exported.has('ALL') ? WRITE_METHODS : WRITE_METHODS.filter((method) => exported.has(method));
}

/** Every route under src/pages or declared in web/links that accepts a write, and every Astro action, found from the sources. */
function writeRoutes(): WriteRoute[] {
  const routes: WriteRoute[] = [];
  for (const entry of fs.readdirSync(PAGES, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(astro|md|ts|js)$/.test(entry.name) || /\.test\.ts$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const methods = writeMethodsOf(file);
    if (methods.length === 0) continue;
    const params: Record<string, string> = {};
    const segments = path
      .relative(PAGES, file)
      .replace(/\.(astro|md|ts|js)$/, '')
      .split(path.sep)
      .filter((segment) => segment !== 'index')
      .map((segment) =>
        segment.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
          params[name] = PARAMETERS[name] ?? 'x1';
          return params[name];
        }),
      );
    routes.push({ file: path.relative(SRC, file), path: `/${segments.join('/')}`, params, methods });
  }
  // Routes declared outside src/pages (web/links), by their pattern.
  for (const { pattern, entrypoint } of LINK_ROUTES) {
    const file = path.join(SRC, 'web', 'links', entrypoint);
    const methods = writeMethodsOf(file);
    if (methods.length === 0) continue;
    const params: Record<string, string> = {};
    const routePath = pattern.replace(/\[(\w+)\]/g, (_, name: string) => (params[name] = PARAMETERS[name] ?? 'x1'));
    routes.push({ file: path.relative(SRC, file), path: routePath, params, methods });
  }
  // Every action is a public endpoint, POST /_actions/<name>.
  const actions = path.join(SRC, 'actions', 'index.ts');
  if (fs.existsSync(actions)) {
    for (const [, name] of fs.readFileSync(actions, 'utf8').matchAll(/(\w+)\s*:\s*defineAction\(/g)) {
      routes.push({ file: 'actions/index.ts', path: `/_actions/${name}`, params: {}, methods: ['POST'] });
    }
  }
  return routes;
}

const FORGERIES: Record<string, Record<string, string>> = {
  'a foreign Origin': { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  'a foreign Origin claiming same-origin': { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' },
  'the site over http': { origin: 'http://communaute.example.org' },
  'an opaque Origin': { origin: 'null' },
  'no Origin, Sec-Fetch-Site cross-site': { 'sec-fetch-site': 'cross-site' },
  'no Origin, Sec-Fetch-Site same-site': { 'sec-fetch-site': 'same-site' },
  'neither header': {},
};

const GENUINE: Record<string, Record<string, string>> = {
  "the site's own Origin": { origin: SITE, 'sec-fetch-site': 'same-origin' },
  'no Origin, Sec-Fetch-Site same-origin': { 'sec-fetch-site': 'same-origin' },
};

/**
 * Sends one request, with a session cookie, through the middleware: `reached` says whether the
 * route's handler ran, `cookiesWritten` whether the session was touched (a forged request must not even do that).
 */
async function send(route: WriteRoute, method: string, headers: Record<string, string>) {
  const url = new URL(route.path, SITE);
  const request = new Request(url, {
    method,
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'intent=disable&email=victim%40example.org',
  });
  let cookiesWritten = false;
  const context = {
    request,
    url,
    params: route.params,
    locals: {},
    cookies: {
      // The browser sends the victim's session cookie along with a forged form.
      get: () => ({ value: 'unknown.token' }),
      set: () => (cookiesWritten = true),
      delete: () => (cookiesWritten = true),
    },
    rewrite: async () => new Response('not found', { status: 404 }),
  } as unknown as APIContext;
  let reached = false;
  const next = (async () => {
    reached = true;
    return new Response('handled', { status: 200 });
  }) as MiddlewareNext;
  const response = (await onRequest(context, next)) as Response;
  return { status: response.status, reached, cookiesWritten };
}

const routes = writeRoutes();
const cases = routes.flatMap((route) => route.methods.map((method) => ({ name: `${method} ${route.path} (${route.file})`, route, method })));
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-middleware-'));
  // As the start script does before the server takes requests.
  const database = await openDatabase(dataDir);
  await migrateDatabase(database.db);
  database.close();
  vi.stubEnv('PUBLIC_URL', SITE);
  vi.stubEnv('COMMUNITY_NAME', 'Collectif');
  vi.stubEnv('CONTACT_EMAIL', 'bonjour@example.org');
  vi.stubEnv('PRIVACY_OFFICER_NAME', 'Personne Responsable');
  vi.stubEnv('PRIVACY_OFFICER_EMAIL', 'vie-privee@example.org');
  vi.stubEnv('DATA_DIR', dataDir);
  vi.stubEnv('LOG_LEVEL', 'fatal');
  vi.stubEnv('PASSERELLE_DEMO', '0');
});

afterAll(async () => {
  (await getRuntime()).database.close();
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('every write route', () => {
  it('is found from the file tree', () => {
    const paths = routes.map((route) => route.path);
    // The pages that take forms today; any other route, and any added later, is covered below all the same.
    for (const form of ['/fr/connexion', '/fr/connexion/code', '/fr/connexion/lien', '/fr/compte', '/fr/deconnexion', '/fr/admin', '/fr/admin/channels', '/fr/admin/members/x1']) {
      expect(paths).toContain(form);
    }
  });

  // Postmark's webhooks carry no Origin and no session: their handler checks their credentials.
  const machine = cases.filter(({ route }) => isMachineEndpoint(route.path));
  const browser = cases.filter(({ route }) => !isMachineEndpoint(route.path));

  it.each(machine)('$name: reaches its handler whatever the Origin, and neither reads nor writes a session', async ({ route, method }) => {
    for (const headers of [...Object.values(FORGERIES), ...Object.values(GENUINE)]) {
      expect(await send(route, method, headers)).toEqual({ status: 200, reached: true, cookiesWritten: false });
    }
  });

  it.each(browser)('$name: a forged request is refused before the handler runs, the site\'s own gets through', async ({ route, method }) => {
    const outcomes: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [name, headers] of Object.entries(FORGERIES)) {
      outcomes[name] = await send(route, method, headers);
      expected[name] = { status: 403, reached: false, cookiesWritten: false };
    }
    for (const [name, headers] of Object.entries(GENUINE)) {
      const { status, reached } = await send(route, method, headers);
      outcomes[name] = { status, reached };
      expected[name] = { status: 200, reached: true };
    }
    expect(outcomes).toEqual(expected);
  });
});

describe('the reader’s archive access', () => {
  /** A GET through the middleware as a visitor: what the page's handler finds in locals. */
  async function localsFor(address: string): Promise<App.Locals> {
    const url = new URL(address, SITE);
    const context = {
      request: new Request(url),
      url,
      params: { locale: 'fr' },
      locals: {},
      cookies: { get: () => undefined, set: () => {}, delete: () => {} },
      rewrite: async () => new Response('not found', { status: 404 }),
    } as unknown as APIContext;
    let seen: App.Locals | undefined;
    const next = (async () => {
      seen = context.locals as App.Locals;
      return new Response('page', { status: 200 });
    }) as MiddlewareNext;
    await onRequest(context, next);
    return seen!;
  }

  it('is read with the page’s tag and handed to archive pages and the search API', async () => {
    const directory = await localsFor('/fr/archive');
    expect(directory.archiveAccess).not.toBeNull();
    expect(directory.archiveAccess!.reader).toBeNull();
    expect((await localsFor('/api/search?q=x')).archiveAccess).not.toBeNull();
  });

  it('is not read for other pages', async () => {
    expect((await localsFor('/fr/compte')).archiveAccess).toBeNull();
  });
});
