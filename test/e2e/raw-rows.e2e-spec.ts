import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { QueryFailedError } from 'typeorm';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { Activity } from '../../src/activities/activity.entity';
import { EntityColumns, preparedQuery } from '../../src/database/raw-rows';
import { Parent } from '../../src/parents/parent.entity';
import { School } from '../../src/schools/school.entity';
import { anActivity, schedule } from '../factories/activity.factory';
import { aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool, SchoolFixture } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * A hand-written statement's rows, read through EntityColumns, are the entities a repository
 * reads: every column, types and transformers (encrypted contact details) included, by name
 * and by position.
 */
describe('EntityColumns', () => {
  let t: TestApp;
  let school: SchoolFixture;
  let parentId: string;
  let activityId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await aPlatformAdmin(t);
    school = await aSchool(t, admin.token);
    const token = school.coordinator.token;
    parentId = (
      await enroll(
        t,
        token,
        school.schoolId,
        aSeeker({ email: 'fatima@example.org', phone: '+31612345678', intakeNote: 'Graag & snel' }),
      )
    ).id;
    activityId = (await schedule(t, token, school.schoolId, anActivity({ capacity: 12 }))).id;
  });

  afterAll(() => t.close());

  const cases: [string, EntityTarget<ObjectLiteral>, string, () => string][] = [
    ['parent', Parent, 'parent', () => parentId],
    ['activity', Activity, 'activity', () => activityId],
    ['school', School, 'school', () => school.schoolId],
  ];

  it.each(cases)('reads the %s row as its repository does', async (_, entity, table, id) => {
    const columns = new EntityColumns<ObjectLiteral>(t.db, entity);
    const fromRepository = await t.db.getRepository(entity).findOneByOrFail({ id: id() });
    const sql = `SELECT ${columns.select('x', 'x_')} FROM ${table} x WHERE x.id = $1`;
    const pool = (t.db.driver as PostgresDriver).master as {
      query: (q: object) => Promise<{ rows: unknown[][] }>;
    };
    const { rows } = await pool.query({ text: sql, values: [id()], rowMode: 'array' });
    expect(columns.readAt(rows[0], 0)).toEqual(fromRepository);
    // A value is read in its place: shifted by one column, it is read from one further on.
    expect(columns.readAt(['padding', ...rows[0]], 1)).toEqual(fromRepository);
    // The same row as a prepared statement's array row: the same values, parsed alike.
    const [prepared] = await preparedQuery<unknown[]>(t.db, sql, [id()], 'array');
    expect(prepared).toEqual(rows[0]);
    expect(columns.readAt(prepared, 0)).toEqual(fromRepository);
  });

  it('answers a failing prepared statement as a query failure and keeps the pool usable', async () => {
    const fails = preparedQuery(
      t.db,
      'SELECT no_such_column FROM parent WHERE id = $1',
      [parentId],
      'array',
    );
    await expect(fails).rejects.toBeInstanceOf(QueryFailedError);
    await expect(fails).rejects.toMatchObject({ driverError: { code: '42703' } });
    const after = await Promise.all(
      Array.from({ length: 30 }, () =>
        preparedQuery<unknown[]>(
          t.db,
          'SELECT id, given_name FROM parent WHERE id = $1',
          [parentId],
          'array',
        ),
      ),
    );
    expect(after.map((r) => r[0][0])).toEqual(Array.from({ length: 30 }, () => parentId));
  });

  it('decrypts contact details and keeps null as null', async () => {
    const columns = new EntityColumns<Parent>(t.db, Parent, ['email', 'phone', 'erasedAt']);
    const sql = `SELECT ${columns.select('x')} FROM parent x WHERE x.id = $1`;
    const raw = await t.db.query(sql, [parentId]);
    expect(raw[0].email).not.toBe('fatima@example.org');
    const pool = (t.db.driver as PostgresDriver).master as {
      query: (q: object) => Promise<{ rows: unknown[][] }>;
    };
    const { rows } = await pool.query({ text: sql, values: [parentId], rowMode: 'array' });
    expect(columns.readAt(rows[0], 0)).toEqual({
      email: 'fatima@example.org',
      phone: '+31612345678',
      erasedAt: null,
    });
  });
});
