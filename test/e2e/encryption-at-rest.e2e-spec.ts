import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseCli } from '../../src/cli';
import { DataCipher } from '../../src/privacy/encryption/data-cipher';
import { EncryptPersonalDataTask } from '../../src/privacy/encryption/encrypt-personal-data.task';
import { dataCipher, installDataCipher } from '../../src/privacy/encryption/field-encryption';
import { PersonalDataEncryptionService } from '../../src/privacy/encryption/personal-data-encryption.service';
import { WorkerService } from '../../src/worker/worker.service';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture, schoolApi } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

const ROOT = resolve(__dirname, '..', '..');
const SEALED = /^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$/;

/**
 * Every value of every text, JSON and array column of every table, as text (what a dump of
 * the database would show), with where it was found.
 */
async function everyStoredText(t: TestApp): Promise<{ where: string; text: string }[]> {
  const columns: { table_name: string; column_name: string; data_type: string }[] =
    await t.db.query(
      `SELECT c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema
      WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE'
        AND (c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'bytea'))
      ORDER BY 1, 2`,
    );
  const found: { where: string; text: string }[] = [];
  for (const { table_name, column_name, data_type } of columns) {
    // bytea as its bytes (escaped), so text stored in it is seen as text.
    const value =
      data_type === 'bytea' ? `encode("${column_name}", 'escape')` : `"${column_name}"::text`;
    const rows: { v: string }[] = await t.db.query(
      `SELECT ${value} AS v FROM "${table_name}" WHERE "${column_name}" IS NOT NULL`,
    );
    for (const r of rows) found.push({ where: `${table_name}.${column_name}`, text: r.v });
  }
  return found;
}

describe('encryption at rest of contact details and intake notes', () => {
  let t: TestApp;
  let s: SchoolFixture;

  beforeAll(async () => {
    t = await createTestApp();
    s = await aSchool(t, (await aPlatformAdmin(t)).token);
  });
  afterAll(() => t.close());

  const api = (method: 'get' | 'post' | 'patch', path: string) =>
    schoolApi(t, s.schoolId, s.coordinator.token)(method, path);

  it('stores no e-mail address, phone number or note in clear text, and reads them back', async () => {
    const nadia = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Nadia',
        email: 'Nadia.Haddad@Example.org',
        phone: '06-12 34 56 78',
        channels: ['email', 'sms'],
        intakeNote: 'Vlucht uit Syrië, wil graag Nederlands oefenen',
        consents: [
          { purpose: 'matching', granted: true, method: 'in_person' },
          { purpose: 'share_contact', granted: true, method: 'in_person' },
          { purpose: 'messages_email', granted: true, method: 'in_person' },
          { purpose: 'messages_sms', granted: true, method: 'in_person' },
        ],
      }),
    );
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({ givenName: 'Lotte', email: 'lotte.dewit@example.net', phone: '+31687654321' }),
    );
    // The welcome messages go out: the address they went to is stored too.
    await t.app.get(WorkerService).drain();
    const sent: { recipient: string }[] = await t.db.query(
      `SELECT recipient FROM notification WHERE school_id = $1 AND status = 'sent'`,
      [s.schoolId],
    );
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const { recipient } of sent) expect(recipient).toMatch(SEALED);

    const needles = [
      'nadia.haddad@example.org',
      'nadia.haddad',
      'lotte.dewit@example.net',
      'lotte.dewit',
      '612345678', // +31612345678 and 0612345678
      '12 34 56 78',
      '687654321',
      'Syrië',
      'Nederlands oefenen',
    ];
    const stored = await everyStoredText(t);
    expect(stored.length).toBeGreaterThan(50);
    const leaks = stored.filter(({ text }) =>
      needles.some((n) => text.toLowerCase().includes(n.toLowerCase())),
    );
    expect(leaks).toEqual([]);

    const [row] = await t.db.query(
      `SELECT email, phone, intake_note, email_hash, phone_hash FROM parent WHERE id = $1`,
      [nadia.id],
    );
    expect(row.email).toMatch(SEALED);
    expect(row.phone).toMatch(SEALED);
    expect(row.intake_note).toMatch(SEALED);
    expect(row.email_hash).toBe(dataCipher().hash('nadia.haddad@example.org'));
    expect(row.phone_hash).toBe(dataCipher().hash('+31612345678'));

    const read = await api('get', `/parents/${nadia.id}`).expect(200);
    expect(read.body).toMatchObject({
      email: 'nadia.haddad@example.org',
      phone: '+31612345678',
      intakeNote: 'Vlucht uit Syrië, wil graag Nederlands oefenen',
    });
  });

  it('finds a parent by exact e-mail address or phone number in the parents list', async () => {
    const p = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({ givenName: 'Samira', email: 'samira.b@example.org', phone: '0623456789' }),
    );
    const names = async (q: string): Promise<string[]> =>
      (await api('get', `/parents?q=${encodeURIComponent(q)}`).expect(200)).body.items.map(
        (i: { givenName: string }) => i.givenName,
      );
    expect(await names('SAMIRA.B@example.org')).toEqual(['Samira']);
    expect(await names(' samira.b@example.org ')).toEqual(['Samira']);
    expect(await names('06 23 45 67 89')).toEqual(['Samira']);
    expect(await names('+31623456789')).toEqual(['Samira']);
    expect(await names('samira.c@example.org')).toEqual([]);
    expect(await names('0611111111')).toEqual([]);
    // A change of address moves the lookup with it.
    await api('patch', `/parents/${p.id}`)
      .send({ email: 'samira.new@example.org', version: p.version })
      .expect(200);
    expect(await names('samira.b@example.org')).toEqual([]);
    expect(await names('samira.new@example.org')).toEqual(['Samira']);
    // The name search works as before.
    expect(await names('samira')).toEqual(['Samira']);
  });

  it('encrypts rows still in clear text from before (the worker, set-based, idempotent)', async () => {
    const p = await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Oud',
        email: 'oud@example.org',
        phone: '0611122233',
        intakeNote: 'oude notitie',
      }),
    );
    // As a row written before encryption at rest: clear text, no hashes.
    await t.db.query(
      `UPDATE parent SET email = 'oud@example.org', phone = '+31611122233', intake_note = 'oude notitie',
              email_hash = NULL, phone_hash = NULL WHERE id = $1`,
      [p.id],
    );
    const before = await api('get', `/parents/${p.id}`).expect(200);
    expect(before.body).toMatchObject({ email: 'oud@example.org', intakeNote: 'oude notitie' });

    const task = t.app.get(EncryptPersonalDataTask);
    expect(await task.runOnce()).toBe(1);
    expect(await task.runOnce()).toBe(0);
    const [row] = await t.db.query(
      `SELECT email, phone, intake_note, email_hash, phone_hash FROM parent WHERE id = $1`,
      [p.id],
    );
    expect([row.email, row.phone, row.intake_note].every((v: string) => SEALED.test(v))).toBe(true);
    expect(row.email_hash).toBe(dataCipher().hash('oud@example.org'));
    const after = await api('get', `/parents/${p.id}`).expect(200);
    expect(after.body).toMatchObject({
      email: 'oud@example.org',
      phone: '+31611122233',
      intakeNote: 'oude notitie',
    });
    const found = await api('get', `/parents?q=0611122233`).expect(200);
    expect(found.body.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
  });

  describe('key rotation', () => {
    const cliDir = mkdtempSync(join(tmpdir(), 'oudermaatje-rotate-'));
    afterAll(() => rmSync(cliDir, { recursive: true, force: true }));

    function cli(args: string[], env: Record<string, string>) {
      const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/cli.ts', ...args], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/root',
          TS_NODE_SWC: 'true',
          TS_NODE_TRANSPILE_ONLY: 'true',
          DATA_DIR: cliDir,
          LOG_LEVEL: 'silent',
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      return new Promise<{ code: number | null; out: string; err: string }>((done) =>
        child.on('close', (code) => done({ code, out, err })),
      );
    }

    it('parses the command', () => {
      expect(parseCli(['rotate-key'])).toEqual({
        command: 'rotate-key',
        email: undefined,
        name: undefined,
      });
      expect(() => parseCli(['rotate-key', 'now'])).toThrow('Unexpected argument "now"');
    });

    it('re-encrypts every value with the new key, reading the old ones, and lookups keep working', async () => {
      const oldKey = t.config.dataEncryptionKey;
      const newKey = 'a-new-data-encryption-key-of-at-least-32-characters';
      const oldId = new DataCipher(oldKey).current.id;
      const newId = new DataCipher(newKey).current.id;
      const countUnder = async (id: string): Promise<number> => {
        const [r] = await t.db.query(
          `SELECT (SELECT count(*) FROM parent WHERE email LIKE $1 OR phone LIKE $1 OR intake_note LIKE $1)
                + (SELECT count(*) FROM notification WHERE recipient LIKE $1) AS n`,
          [`v1:${id}:%`],
        );
        return Number(r.n);
      };
      const [totals] = await t.db.query(
        `SELECT (SELECT count(*) FROM parent WHERE email IS NOT NULL OR phone IS NOT NULL OR intake_note IS NOT NULL)::int AS parents,
                (SELECT count(*) FROM notification WHERE recipient IS NOT NULL AND recipient NOT LIKE 'task:%')::int AS messages`,
      );
      expect(await countUnder(oldId)).toBeGreaterThan(0);

      const without = await cli(['rotate-key'], {
        DATABASE_URL: t.config.databaseUrl!,
        JWT_SECRET: t.config.jwtSecret,
        DATA_ENCRYPTION_KEY: newKey,
      });
      // Without the old key, its values cannot be read: the command says so and fails.
      expect(without.code).toBe(1);
      expect(without.err).toContain(`written with key ${oldId}`);
      expect(await countUnder(newId)).toBe(0);

      const run = await cli(['rotate-key'], {
        DATABASE_URL: t.config.databaseUrl!,
        JWT_SECRET: t.config.jwtSecret,
        DATA_ENCRYPTION_KEY: newKey,
        DATA_ENCRYPTION_KEYS_OLD: oldKey,
      });
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
      expect(run.out).toContain(
        `Re-encrypted ${totals.parents} parent(s) and ${totals.messages} message(s) with key ${newId}; left: 0 parent(s), 0 message(s).`,
      );
      expect(await countUnder(oldId)).toBe(0);

      // The application now runs with the new key only.
      installDataCipher(new DataCipher(newKey));
      try {
        const found = await api(
          'get',
          `/parents?q=${encodeURIComponent('samira.new@example.org')}`,
        ).expect(200);
        expect(found.body.items).toHaveLength(1);
        const samira = await api('get', `/parents/${found.body.items[0].id}`).expect(200);
        expect(samira.body).toMatchObject({
          givenName: 'Samira',
          email: 'samira.new@example.org',
          phone: '+31623456789',
        });
        const again = await t.app.get(PersonalDataEncryptionService).runAll('rotate');
        expect(again).toEqual({ parents: 0, messages: 0 });
      } finally {
        installDataCipher(new DataCipher(oldKey, [newKey]));
      }
    }, 120_000); // two runs of the command line, each compiling on the fly
  });
});
