import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Libsql from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The YunoHost package's scripts run here, unchanged but for the line that loads YunoHost's helpers:
 * they load tests/packaging/ynh-helpers-stub.sh instead, which does each helper's work inside a
 * temporary prefix. Two shortcuts, both in the `npm` on PATH: `npm ci` links this checkout's
 * node_modules (no registry here), and `npm run build` reuses this checkout's build when there is one
 * (`npm test` runs this after the browser tests built it). Everything else — configuration,
 * migrations, the first administrator, the service's own command line, its health check, backup,
 * restore, upgrade, change of domain, removal — is the real thing.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PACKAGE = path.join(ROOT, 'packaging/yunohost');
const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-ynh-'));
const scriptsDir = path.join(prefix, 'ynh/scripts');
const archive = path.join(prefix, 'archive');
const installDir = path.join(prefix, 'var/www/passerelle');
const dataDir = path.join(prefix, 'home/yunohost.app/passerelle');
const ADMIN = 'admin@passerelle.test';
let port = 0;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(script: string, extra: Record<string, string> = {}): { status: number | null; output: string } {
  const result = spawnSync('bash', [script], {
    cwd: scriptsDir,
    encoding: 'utf8',
    timeout: 600_000,
    env: {
      PATH: `${path.join(prefix, 'bin')}:${process.env.PATH ?? ''}`,
      HOME: process.env.HOME ?? prefix,
      YNH_TEST_PREFIX: prefix,
      YNH_TEST_SOURCE: path.join(prefix, 'source'),
      YNH_TEST_ARCHIVE: archive,
      YNH_TEST_HELPERS: path.join(ROOT, 'tests/packaging/ynh-helpers-stub.sh'),
      app: 'passerelle',
      domain: 'passerelle.test',
      install_dir: installDir,
      data_dir: dataDir,
      port: String(port),
      community_name: 'Collectif santé données',
      contact_email: 'bonjour@passerelle.test',
      privacy_officer_name: 'Élise Côté',
      privacy_officer_email: 'vie-privee@passerelle.test',
      admin_email: ADMIN,
      ...extra,
    },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const healthy = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
const members = (): string[] => {
  const db = new Libsql(path.join(dataDir, 'passerelle.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT email, role FROM members ORDER BY email').raw().all() as [string, string][]).map(([email, role]) => `${email}:${role}`);
  } finally {
    db.close();
  }
};
const cli = (...args: string[]) => spawnSync('npm', ['run', '--silent', 'passerelle', '--', ...args], { cwd: installDir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? prefix } });

beforeAll(async () => {
  port = await freePort();
  // The app's source as a release holds it: the tracked files.
  const source = path.join(prefix, 'source');
  for (const file of spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).stdout.split('\0').filter(Boolean)) {
    if (!fs.existsSync(path.join(ROOT, file))) continue;
    fs.mkdirSync(path.dirname(path.join(source, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(source, file));
  }
  fs.cpSync(PACKAGE, path.join(prefix, 'ynh'), { recursive: true });
  fs.mkdirSync(path.join(prefix, 'ynh/settings/scripts'), { recursive: true });
  fs.copyFileSync(path.join(PACKAGE, 'scripts/_common.sh'), path.join(prefix, 'ynh/settings/scripts/_common.sh'));
  for (const script of fs.readdirSync(scriptsDir)) {
    const file = path.join(scriptsDir, script);
    const text = fs.readFileSync(file, 'utf8');
    if (script !== '_common.sh') expect(text, `${script} loads YunoHost's helpers`).toContain('source /usr/share/yunohost/helpers\n');
    fs.writeFileSync(file, text.replace('source /usr/share/yunohost/helpers\n', 'source "$YNH_TEST_HELPERS"\n'));
  }
  const realNpm = spawnSync('bash', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  fs.mkdirSync(path.join(prefix, 'bin'));
  fs.writeFileSync(
    path.join(prefix, 'bin/npm'),
    `#!/bin/bash
if [ "$1" = ci ]; then ln -sfn "${ROOT}node_modules" node_modules; exit 0; fi
if [ "$1 \${2:-}" = "run build" ] && [ -f "${ROOT}dist/server/entry.mjs" ]; then cp -a "${ROOT}dist" dist; exit 0; fi
exec "${realNpm}" "$@"
`,
    { mode: 0o755 },
  );
}, 120_000);

afterAll(() => {
  const pid = path.join(prefix, 'passerelle.pid');
  if (fs.existsSync(pid)) spawnSync('kill', [fs.readFileSync(pid, 'utf8').trim()]);
  fs.rmSync(prefix, { recursive: true, force: true });
});

describe('the YunoHost package, script by script', () => {
  it('installs: builds, migrates, adds the first administrator, starts the service and checks its health', async () => {
    const install = run('install');
    expect(install.status, install.output).toBe(0);
    expect(await healthy()).toBe(200);
    expect(members()).toEqual([`${ADMIN}:admin`]);
    const env = path.join(installDir, '.env');
    expect(fs.statSync(env).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(env, 'utf8')).toContain('PUBLIC_URL=https://passerelle.test\n');
    for (const rendered of [env, path.join(prefix, 'etc/systemd/system/passerelle.service'), path.join(prefix, 'etc/nginx/conf.d/passerelle.test.d/passerelle.conf')]) {
      expect(fs.readFileSync(rendered, 'utf8'), rendered).not.toMatch(/__[A-Z_]+__/);
    }
    expect(fs.readFileSync(path.join(prefix, 'calls.log'), 'utf8')).toContain('yunohost service add passerelle');
  }, 600_000);

  it('backs up while the service runs, and restores that state after losing everything', async () => {
    const backup = run('backup');
    expect(backup.status, backup.output).toBe(0);
    // YunoHost copies what the script listed once it has ended.
    for (const listed of fs.readFileSync(path.join(prefix, 'backup-list'), 'utf8').trim().split('\n')) {
      fs.cpSync(listed, path.join(archive, listed), { recursive: true, verbatimSymlinks: true });
    }
    expect(fs.readdirSync(path.join(archive, installDir, 'yunohost-backup'))).toHaveLength(1);
    // A change after the backup, then the server and both directories are lost.
    expect(cli('members', 'add', 'later@passerelle.test').status).toBe(0);
    expect(members()).toContain('later@passerelle.test:member');
    spawnSync('kill', ['-9', fs.readFileSync(path.join(prefix, 'passerelle.pid'), 'utf8').trim()]);
    fs.rmSync(installDir, { recursive: true });
    fs.rmSync(dataDir, { recursive: true });

    const restore = run('restore');
    expect(restore.status, restore.output).toBe(0);
    expect(await healthy()).toBe(200);
    expect(members()).toEqual([`${ADMIN}:admin`]);
  }, 600_000);

  it('upgrades: a database copy first, the administrator’s settings kept, then migrate and start', async () => {
    const env = path.join(installDir, '.env');
    fs.appendFileSync(env, 'RENEWAL_LINK_DAYS=21\n');
    const before = fs.readFileSync(env, 'utf8');
    const upgrade = run('upgrade');
    expect(upgrade.status, upgrade.output).toBe(0);
    expect(fs.readdirSync(path.join(dataDir, 'backups')).filter((name) => name.endsWith('.sqlite'))).toHaveLength(1);
    expect(fs.readFileSync(env, 'utf8')).toBe(before);
    expect(await healthy()).toBe(200);
  }, 600_000);

  it('follows a change of domain in the links mail carries, and nothing else', async () => {
    const env = path.join(installDir, '.env');
    const before = fs.readFileSync(env, 'utf8');
    const change = run('change_url', { new_domain: 'autre.test', old_domain: 'passerelle.test' });
    expect(change.status, change.output).toBe(0);
    expect(fs.readFileSync(env, 'utf8')).toBe(before.replace('PUBLIC_URL=https://passerelle.test', 'PUBLIC_URL=https://autre.test'));
    expect(await healthy()).toBe(200);
  }, 600_000);

  it('removes the service and keeps the data', async () => {
    const remove = run('remove');
    expect(remove.status, remove.output).toBe(0);
    await expect(healthy()).rejects.toThrow();
    expect(fs.existsSync(path.join(prefix, 'etc/systemd/system/passerelle.service'))).toBe(false);
    expect(members()).toEqual([`${ADMIN}:admin`]);
  }, 120_000);
});
