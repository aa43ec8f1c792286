import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Libsql from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';

// The real start script, run as operators run it: its refusals must be one clear line.
const START = fileURLToPath(new URL('./start.ts', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-start-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function runStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [START, '--demo'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: path.join(tmp, 'data'), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('server start refuses bad settings with one line', () => {
  it('a port that is not a number', async () => {
    const { code, stderr } = await runStart({ PORT: 'http' });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe('passerelle: PORT must be a whole number between 1 and 65535 (got "http")');
  });

  it('a data directory that cannot be written', async () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, '');
    const { code, stderr } = await runStart({ DATA_DIR: path.join(file, 'data') });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^passerelle: DATA_DIR .*a-file\/data is not a writable directory \(ENOTDIR\): point DATA_DIR to/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a port another program holds', async () => {
    const blocker = net.createServer().listen(0, 'localhost');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, stderr } = await runStart({ PORT: String(port) });
      expect(code).toBe(1);
      const lines = stderr.trim().split('\n');
      // Either the port is taken, or (no build yet) the server says to build first: both are one clear line.
      expect(lines.at(-1)).toMatch(new RegExp(`^passerelle: (PORT ${port} is already in use|the web app is not built yet)`));
    } finally {
      blocker.close();
    }
  });

  it('a database file of garbage, or of another program, left untouched', async () => {
    const garbage = path.join(tmp, 'garbage');
    fs.mkdirSync(garbage);
    fs.writeFileSync(path.join(garbage, 'passerelle.sqlite'), Buffer.alloc(64 * 1024, 0x5a));
    const first = await runStart({ DATA_DIR: garbage });
    expect(first.code).toBe(1);
    expect(first.stderr.trim()).toBe(`passerelle: ${path.join(garbage, 'passerelle.sqlite')} cannot be read as a database: file is not a database`);

    const other = path.join(tmp, 'other');
    fs.mkdirSync(other);
    const file = path.join(other, 'passerelle.sqlite');
    const db = new Libsql(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    const before = fs.readFileSync(file);
    const second = await runStart({ DATA_DIR: other });
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(`passerelle: ${file} is not a Passerelle database (no __drizzle_migrations table)`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  }, 60_000);
});
