import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PasswordsService } from '../../src/auth/passwords.service';
import { parseCli } from '../../src/cli';
import { createTestApp, TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '..', '..');

describe('the command line: parsing', () => {
  it('reads the commands and their options', () => {
    expect(parseCli(['create-admin', '--email', 'a@school.nl', '--name', 'Ada Lovelace'])).toEqual({
      command: 'create-admin',
      email: 'a@school.nl',
      name: 'Ada Lovelace',
    });
    expect(parseCli(['reset-password', '--email=b@school.nl'])).toEqual({
      command: 'reset-password',
      email: 'b@school.nl',
      name: undefined,
    });
    expect(parseCli([])).toEqual({ command: 'help' });
    expect(parseCli(['migrate', '--help'])).toEqual({ command: 'help' });
  });

  it.each([
    [['create-admin', '--email', '--name', 'X'], /^Option '--email.*' argument is ambiguous/],
    [
      ['create-admin', '--email', 'not-an-address', '--name', 'X'],
      '--email must be an e-mail address (got "not-an-address")',
    ],
    [['create-admin', '--email', 'a@school.nl'], '--name is required'],
    [['reset-password'], '--email is required'],
    [['reset-pasword', '--email', 'a@school.nl'], 'Unknown command "reset-pasword"'],
    [['migrate', 'now'], 'Unexpected argument "now"'],
    [['create-admin', '--mail', 'a@school.nl'], "Unknown option '--mail'"],
  ] as [string[], string | RegExp][])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(message);
  });
});

function cli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      TS_NODE_SWC: 'true',
      TS_NODE_TRANSPILE_ONLY: 'true',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((r) => child.once('exit', (code) => r({ code, out, err })));
}

describe('the command line against a database', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestApp();
    dataDir = mkdtempSync(join(tmpdir(), 'oudermaatje-cli-'));
    env = {
      NODE_ENV: 'test',
      DATABASE_URL: t.config.databaseUrl ?? '',
      DATA_DIR: dataDir,
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      LINK_SECRET: 'test-link-secret-that-is-long-enough-0123',
      PUBLIC_BASE_URL: 'https://oudermaatje.example',
    };
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the first administrator, and a forgotten password gets a one-time link that works once', async () => {
    const created = await cli(
      ['create-admin', '--email', 'Admin@School.nl', '--name', 'Ada Admin'],
      { ...env, ADMIN_PASSWORD: 'a long passphrase 1' },
    );
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(
      /^Platform administrator admin@school\.nl created \(id [0-9a-f-]{36}\)\.\n$/,
    );

    const reset = await cli(['reset-password', '--email', 'admin@school.nl'], env);
    expect(reset.code).toBe(0);
    const lines = reset.out.trimEnd().split('\n');
    expect(lines[0]).toBe('A one-time link for admin@school.nl (valid for an hour, usable once):');
    const m = /^ {2}https:\/\/oudermaatje\.example\/password\/set\?token=([A-Za-z0-9_-]{43})$/.exec(
      lines[1],
    );
    expect(m).not.toBeNull();
    const passwords = t.app.get(PasswordsService);
    await passwords.useLink(m![1], 'a new long passphrase');
    await expect(passwords.useLink(m![1], 'yet another passphrase')).rejects.toThrow();
    const login = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'admin@school.nl', password: 'a new long passphrase' });
    expect(login.status).toBe(200);
  }, 60_000);

  it('answers an unknown address with exit 1 and no link; a usage mistake with exit 2', async () => {
    const unknown = await cli(['reset-password', '--email', 'nobody@school.nl'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toBe('');
    expect(unknown.err).toBe(
      'No staff account has the address nobody@school.nl, or it had 3 reset links in the last hour.\n',
    );
    const wrong = await cli(['create-admin', '--email', '--name', 'X'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.err.split('\n')[0]).toMatch(/^Option '--email.*' argument is ambiguous/);
  }, 60_000);
});
