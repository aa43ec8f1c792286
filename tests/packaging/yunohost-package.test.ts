import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';

// The package's static checks: the manifest says what the scripts and templates rely on, and every
// script passes shellcheck. The scripts' own steps run in yunohost-lifecycle.packaging.ts.
const PACKAGE = fileURLToPath(new URL('../../packaging/yunohost/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPTS = ['_common.sh', 'install', 'remove', 'upgrade', 'backup', 'restore', 'change_url'];

interface Manifest {
  packaging_format: number;
  id: string;
  integration: { helpers_version: string; sso: boolean; ldap: boolean };
  install: Record<string, { type: string; default?: string }>;
  resources: {
    nodejs: { version: string };
    permissions: { main: { url: string } };
    ports: { main: { default: number } };
    data_dir: Record<string, unknown>;
    install_dir: Record<string, unknown>;
    system_user: Record<string, unknown>;
  };
}

const manifest = parse(fs.readFileSync(path.join(PACKAGE, 'manifest.toml'), 'utf8')) as unknown as Manifest;

describe('the YunoHost manifest', () => {
  it('is packaging v2 with helpers 2.1, and asks for the Node.js major Passerelle runs on', () => {
    expect(manifest.packaging_format).toBe(2);
    expect(manifest.id).toBe('passerelle');
    expect(manifest.integration.helpers_version).toBe('2.1');
    const engines = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(manifest.resources.nodejs.version).toBe(/\d+/.exec(engines)![0]);
    expect(fs.readFileSync(path.join(PACKAGE, 'scripts/_common.sh'), 'utf8')).toContain(`nodejs_version=${manifest.resources.nodejs.version}\n`);
  });

  it('opens the site to visitors and leaves the archive to Passerelle’s own sign-in', () => {
    expect(manifest.install.init_main_permission).toMatchObject({ type: 'group', default: 'visitors' });
    expect(manifest.resources.permissions.main.url).toBe('/');
    expect(manifest.integration.sso).toBe(false);
    expect(manifest).toHaveProperty('resources.data_dir');
    expect(manifest).toHaveProperty('resources.system_user');
  });

  it('provides every placeholder the templates use, from an install answer or a resource', () => {
    // What YunoHost sets for every app with these resources; the install answers add their own names.
    const provided = new Set(['app', 'domain', 'install_dir', 'data_dir', 'port', ...Object.keys(manifest.install)]);
    for (const template of fs.readdirSync(path.join(PACKAGE, 'conf'))) {
      const placeholders = fs.readFileSync(path.join(PACKAGE, 'conf', template), 'utf8').match(/__[A-Z0-9_]+__/g) ?? [];
      for (const placeholder of placeholders) expect(provided, `${template}: ${placeholder}`).toContain(placeholder.slice(2, -2).toLowerCase());
    }
  });
});

describe('the YunoHost scripts', () => {
  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;

  it('are all there and executable', () => {
    for (const script of SCRIPTS) expect(fs.statSync(path.join(PACKAGE, 'scripts', script)).mode & 0o111, script).not.toBe(0);
  });

  // .ci/run installs shellcheck from Debian's packages; elsewhere the check says it did not run.
  it.skipIf(!shellcheck && !process.env.CI)('pass shellcheck', () => {
    const result = spawnSync('shellcheck', SCRIPTS, { cwd: path.join(PACKAGE, 'scripts'), encoding: 'utf8' });
    expect(result.error, 'shellcheck is not installed').toBeUndefined();
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
