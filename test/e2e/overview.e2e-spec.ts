import { DataSource } from 'typeorm';
import {
  aPlatformAdmin,
  aSchool,
  choosePassword,
  login,
  SchoolFixture,
} from '../factories/staff.factory';
import { MatchingRunService } from '../../src/matching/matching-run.service';
import { createTestApp, TestApp } from '../support/test-app';
import { csrfIn, workspaceAgent } from '../support/workspace';

const DAY = 86_400_000;
const ago = (days: number): Date => new Date(Date.now() - days * DAY);
const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

interface ParentRow {
  name: string;
  role: 'seeker' | 'buddy';
  status: 'enrolled' | 'waiting' | 'matched' | 'left';
  dutch?: string;
  languages?: string[];
  capacity?: number;
  createdDaysAgo?: number;
  waitingDaysAgo?: number;
  situations?: string[];
  atSchoolSince?: number;
}

async function parent(db: DataSource, schoolId: string, p: ParentRow): Promise<string> {
  const created = ago(p.createdDaysAgo ?? 0);
  const [row] = await db.query(
    `INSERT INTO parent (school_id, given_name, languages, dutch_level, message_language, role, capacity,
                         status, at_school_since, waiting_since, situations, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [
      schoolId,
      p.name,
      JSON.stringify((p.languages ?? ['nl']).map((code) => ({ code, level: 'native' }))),
      p.dutch ?? 'native',
      (p.languages ?? ['nl'])[0],
      p.role,
      p.role === 'buddy' ? (p.capacity ?? 1) : 0,
      p.status,
      p.atSchoolSince ?? 2015,
      p.waitingDaysAgo === undefined ? null : ago(p.waitingDaysAgo),
      JSON.stringify((p.situations ?? []).map((code) => ({ code, stance: 'seeking' }))),
      created,
    ],
  );
  return row.id as string;
}

async function match(
  db: DataSource,
  schoolId: string,
  seekerId: string,
  buddyId: string,
  m: {
    status: string;
    created: number;
    approved?: number;
    activated?: number;
    ended?: number;
    outcome?: string;
    checkIns?: { answer: string; daysAgo: number }[];
  },
): Promise<void> {
  const at = (d?: number): Date | null => (d === undefined ? null : ago(d));
  await db.query(
    `INSERT INTO match (school_id, seeker_id, buddy_id, status, score, reasons, created_at, approved_at,
                        activated_at, ended_at, end_outcome, check_ins)
     VALUES ($1, $2, $3, $4, 50, '[]', $5, $6, $7, $8, $9, $10)`,
    [
      schoolId,
      seekerId,
      buddyId,
      m.status,
      ago(m.created),
      at(m.approved),
      at(m.activated),
      at(m.ended),
      m.outcome ?? null,
      JSON.stringify(
        (m.checkIns ?? []).map((c) => ({
          parentId: seekerId,
          answer: c.answer,
          at: ago(c.daysAgo).toISOString(),
        })),
      ),
    ],
  );
}

async function activity(
  db: DataSource,
  schoolId: string,
  startsDaysAgo: number,
  capacity: number | null,
  attendees: string[],
): Promise<string> {
  const [row] = await db.query(
    `INSERT INTO activity (school_id, kind, title, starts_at, ends_at, location, capacity)
     VALUES ($1, 'coffee_morning', 'Koffieochtend', $2, $3, 'Aula', $4) RETURNING id`,
    [schoolId, ago(startsDaysAgo), new Date(ago(startsDaysAgo).getTime() + 2 * 3600_000), capacity],
  );
  for (const p of attendees)
    await db.query(
      `INSERT INTO activity_attendance (activity_id, parent_id, school_id) VALUES ($1, $2, $3)`,
      [row.id, p, schoolId],
    );
  return row.id as string;
}

/**
 * School A, computed by hand (period: the last 100 days):
 * - Amina (seeker, waiting 40 days, no Dutch, Arabic, new to NL), Bilal (seeker, waiting 10 days,
 *   basic Dutch, Arabic, a proposal with Eva), Chen (seeker, matched, Chinese, active with Eva
 *   for 30 days, no check-in), Dana (seeker, enrolled, pair with Fleur ended 20 days ago, well),
 *   Eva (buddy of 2, Arabic and Dutch, at activities 400 and 10 days ago), Fleur (buddy of 1),
 *   Gert (left: counts nowhere but in "enrolled per month"), Hana (seeker, waiting 5 days, no
 *   Dutch, Somali, new to the school, at the activity 10 days ago: her first).
 */
async function seedSchoolA(db: DataSource, schoolId: string, from: Date): Promise<void> {
  const seeker = (x: Partial<ParentRow> & { name: string }): ParentRow => ({
    role: 'seeker',
    status: 'waiting',
    ...x,
  });
  const amina = await parent(
    db,
    schoolId,
    seeker({
      name: 'Amina',
      dutch: 'none',
      languages: ['ar'],
      createdDaysAgo: 40,
      waitingDaysAgo: 40,
      situations: ['new_to_nl'],
    }),
  );
  const bilal = await parent(
    db,
    schoolId,
    seeker({
      name: 'Bilal',
      dutch: 'basic',
      languages: ['ar'],
      createdDaysAgo: 10,
      waitingDaysAgo: 10,
    }),
  );
  const chen = await parent(
    db,
    schoolId,
    seeker({
      name: 'Chen',
      status: 'matched',
      dutch: 'fluent',
      languages: ['zh'],
      createdDaysAgo: 50,
    }),
  );
  const dana = await parent(
    db,
    schoolId,
    seeker({ name: 'Dana', status: 'enrolled', createdDaysAgo: 99 }),
  );
  const eva = await parent(db, schoolId, {
    name: 'Eva',
    role: 'buddy',
    status: 'enrolled',
    capacity: 2,
    languages: ['ar', 'nl'],
    createdDaysAgo: 200,
  });
  const fleur = await parent(db, schoolId, {
    name: 'Fleur',
    role: 'buddy',
    status: 'enrolled',
    capacity: 1,
    createdDaysAgo: 200,
  });
  await parent(db, schoolId, seeker({ name: 'Gert', status: 'left', createdDaysAgo: 30 }));
  const hana = await parent(
    db,
    schoolId,
    seeker({
      name: 'Hana',
      dutch: 'none',
      languages: ['so'],
      createdDaysAgo: 5,
      waitingDaysAgo: 5,
      atSchoolSince: from.getUTCFullYear(),
    }),
  );
  void amina;
  await match(db, schoolId, bilal, eva, { status: 'proposed', created: 2 });
  await match(db, schoolId, chen, eva, {
    status: 'active',
    created: 35,
    approved: 33,
    activated: 30,
  });
  await match(db, schoolId, dana, fleur, {
    status: 'ended',
    created: 90,
    approved: 88,
    activated: 85,
    ended: 20,
    outcome: 'good',
    checkIns: [{ answer: 'could_be_better', daysAgo: 50 }],
  });
  await activity(db, schoolId, 400, null, [eva]);
  await activity(db, schoolId, 10, 12, [eva, hana]);
  // An activity still to come, full, with Amina on its waitlist.
  const future = await activity(db, schoolId, -5, 1, []);
  await db.query(
    `INSERT INTO activity_rsvp (activity_id, school_id, parent_id, status, confirmed_at, actor_type)
     VALUES ($1, $2, $3, 'confirmed', now(), 'staff'), ($1, $2, $4, 'waitlisted', NULL, 'staff')`,
    [future, schoolId, dana, amina],
  );
  await db.query(
    `INSERT INTO notification (school_id, parent_id, kind, idempotency_key, status, channel)
     VALUES ($1, $2::uuid, 'welcome', 'overview-task-' || $2::text, 'task', 'task'),
            ($1, $3::uuid, 'welcome', 'overview-dead-' || $3::text, 'dead', 'email')`,
    [schoolId, amina, bilal],
  );
}

/** School B: Ilse waits, Joost buddies Karim (active since today). */
async function seedSchoolB(db: DataSource, schoolId: string): Promise<void> {
  await parent(db, schoolId, {
    name: 'Ilse',
    role: 'seeker',
    status: 'waiting',
    waitingDaysAgo: 3,
    createdDaysAgo: 3,
  });
  const joost = await parent(db, schoolId, {
    name: 'Joost',
    role: 'buddy',
    status: 'enrolled',
    capacity: 3,
  });
  const karim = await parent(db, schoolId, { name: 'Karim', role: 'seeker', status: 'matched' });
  await match(db, schoolId, karim, joost, {
    status: 'active',
    created: 1,
    approved: 1,
    activated: 0,
  });
}

describe('the buddy overview: figures computed by hand, what to do next, reach, board', () => {
  let t: TestApp;
  let a: SchoolFixture;
  let b: SchoolFixture;
  let c: SchoolFixture;
  let boardId: string;
  let boardAdminEmail: string;
  const from = ago(100);
  const period = `period=custom&from=${isoDay(from)}&to=${isoDay(new Date())}`;

  beforeAll(async () => {
    t = await createTestApp();
    const platform = await aPlatformAdmin(t);
    const board = await t
      .http()
      .post('/api/v1/boards')
      .set({ authorization: `Bearer ${platform.token}` })
      .send({ name: 'Stichting Overzicht' })
      .expect(201);
    boardId = board.body.id;
    boardAdminEmail = `bestuur-overzicht-${Date.now()}@example.org`;
    await t
      .http()
      .post(`/api/v1/boards/${boardId}/admins`)
      .set({ authorization: `Bearer ${platform.token}` })
      .send({ email: boardAdminEmail, name: 'Bestuurder' })
      .expect(201)
      .then((r) => choosePassword(t, r.body.id));
    a = await aSchool(t, platform.token, { boardId, name: 'A De Linde' });
    b = await aSchool(t, platform.token, { boardId, name: 'B Het Anker' });
    c = await aSchool(t, platform.token, { boardId, name: 'C De Regenboog' });
    await seedSchoolA(t.db, a.schoolId, from);
    await seedSchoolB(t.db, b.schoolId);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const api = (token: string, schoolId: string, q = period) =>
    t
      .http()
      .get(`/api/v1/schools/${schoolId}/dashboard?${q}`)
      .set({ authorization: `Bearer ${token}` });

  it("pins school A's figures of today, which add up and never contradict each other", async () => {
    const res = await api(a.coordinator.token, a.schoolId).expect(200);
    const f = res.body.figures;
    expect(f).toEqual({
      enrolled: 7,
      seekers: 5,
      buddies: 2,
      waiting: 3,
      waitingWithProposal: 1,
      waitingWithoutProposal: 2,
      waitingLong: 1,
      longestWaitDays: 40,
      proposed: 1,
      awaitingAnswer: 0,
      activePairs: 1,
      endedPairs: 1,
      needsAttention: 0,
      pairsWithoutCheckIn: 1,
      freeCapacity: 2,
      medianDaysToProposal: 9, // first proposal after 8 (Bilal), 9 (Dana), 15 (Chen) days
      openTasks: 1,
      failedMessages: 1,
      activitiesWithWaitlist: 1,
    });
    expect(f.waitingWithProposal + f.waitingWithoutProposal).toBe(f.waiting);
    expect(f.waiting).toBeLessThanOrEqual(f.seekers);
    expect(res.body.period).toEqual({ kind: 'custom', from: isoDay(from), to: isoDay(new Date()) });
    expect(res.body.lastRunAt).toBeNull();
  });

  it('lists what to do next, each with its workspace page, most urgent first', async () => {
    const res = await api(a.coordinator.token, a.schoolId).expect(200);
    const base = `/schools/${a.schoolId}`;
    expect(res.body.actions).toEqual([
      { key: 'proposals', count: 1, href: `${base}/matching` },
      { key: 'runMatching', count: 2, href: `${base}/matching` },
      { key: 'waitingLong', count: 1, href: `${base}/parents?waitingMoreThanDays=28` },
      { key: 'noCheckIn', count: 1, href: `${base}/matches` },
      { key: 'failedMessages', count: 1, href: `${base}/messages?status=dead` },
      { key: 'openTasks', count: 1, href: `${base}/tasks` },
      { key: 'waitlists', count: 1, href: `${base}/activities` },
    ]);
  });

  it('pins the reach of the period per group, each group within the whole', async () => {
    const res = await api(a.coordinator.token, a.schoolId).expect(200);
    const r = res.body.reach;
    expect({
      activitiesHeld: r.activitiesHeld,
      parentsReached: r.parentsReached,
      firstTimers: r.firstTimers,
      takingPart: r.takingPart,
      weakDutchParents: r.weakDutchParents,
      weakDutchTakingPart: r.weakDutchTakingPart,
    }).toEqual({
      activitiesHeld: 1,
      parentsReached: 2, // Eva and Hana
      firstTimers: 1, // Hana (Eva came before the period)
      takingPart: 5, // Chen, Dana, Eva, Fleur (a buddy in the period) and Hana (an activity)
      weakDutchParents: 3, // Amina, Bilal, Hana
      weakDutchTakingPart: 1, // Hana
    });
    expect(r.groups).toEqual([
      { group: 'all', parents: 7, withBuddy: 4, cameToActivity: 2, takingPart: 5, percent: 71 },
      {
        group: 'little_dutch',
        parents: 3,
        withBuddy: 0,
        cameToActivity: 1,
        takingPart: 1,
        percent: 33,
      },
      {
        group: 'new_to_nl',
        parents: 1,
        withBuddy: 0,
        cameToActivity: 0,
        takingPart: 0,
        percent: 0,
      },
      {
        group: 'new_to_school',
        parents: 1,
        withBuddy: 0,
        cameToActivity: 1,
        takingPart: 1,
        percent: 100,
      },
      {
        group: 'language:ar',
        parents: 3,
        withBuddy: 1,
        cameToActivity: 1,
        takingPart: 1,
        percent: 33,
      },
      {
        group: 'language:so',
        parents: 1,
        withBuddy: 0,
        cameToActivity: 1,
        takingPart: 1,
        percent: 100,
      },
      {
        group: 'language:zh',
        parents: 1,
        withBuddy: 1,
        cameToActivity: 0,
        takingPart: 1,
        percent: 100,
      },
    ]);
    // Nobody is reached without taking part; no group takes part more than the whole.
    expect(r.parentsReached).toBeLessThanOrEqual(r.takingPart);
    for (const g of r.groups) expect(g.takingPart).toBeLessThanOrEqual(r.takingPart);
  });

  it('pins the trends of the period: funnel, waiting time, activities, check-ins, endings', async () => {
    const res = await api(a.coordinator.token, a.schoolId).expect(200);
    const tr = res.body.trends;
    const sum = (k: string): number =>
      tr.months.reduce((s: number, m: Record<string, number>) => s + m[k], 0);
    expect(tr.months.length).toBeGreaterThanOrEqual(4);
    expect({
      enrolled: sum('enrolled'), // Amina, Bilal, Chen, Dana, Gert, Hana (Eva, Fleur: before)
      proposed: sum('proposed'),
      introduced: sum('introduced'),
      active: sum('active'),
      ended: sum('ended'),
      places: sum('places'),
      attended: sum('attended'),
    }).toEqual({
      enrolled: 6,
      proposed: 3,
      introduced: 2,
      active: 2,
      ended: 1,
      places: 12,
      attended: 2,
    });
    const waits = tr.months
      .flatMap((m: { longestDaysToProposal: number | null }) =>
        m.longestDaysToProposal === null ? [] : [m.longestDaysToProposal],
      )
      .sort((x: number, y: number) => x - y);
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...waits)).toBe(15); // Chen: enrolled 50 days ago, proposed 35 days ago
    expect(tr.checkIns).toEqual({ good: 0, couldBeBetter: 1, stopped: 0 });
    expect(tr.endings).toEqual({ good: 1, neutral: 0, bad: 0, unknown: 0 });
  });

  it('hides from a viewer every count of 1 to 4, and every figure that would give one away', async () => {
    const res = await api(a.viewer.token, a.schoolId).expect(200);
    expect(res.body.pairs).toBeUndefined();
    expect(res.body.figures).toEqual({
      enrolled: 7,
      seekers: null, // 7 enrolled − 5 seekers = the 2 buddies (nobody is both)
      buddies: null,
      waiting: null,
      waitingWithProposal: null,
      waitingWithoutProposal: null,
      waitingLong: null,
      longestWaitDays: null, // of 3 waiting parents
      proposed: null,
      awaitingAnswer: 0,
      activePairs: null,
      endedPairs: null,
      needsAttention: 0,
      pairsWithoutCheckIn: null,
      freeCapacity: null,
      medianDaysToProposal: null, // over 3 first proposals
      openTasks: null,
      failedMessages: null,
      activitiesWithWaitlist: 1, // an activity, not a parent
    });
    expect(res.body.hidden).toMatchObject({
      'figures.seekers': 'difference',
      'figures.buddies': 'small',
      'figures.medianDaysToProposal': 'small',
      'reach.groups.all.takingPart': 'difference',
      'reach.takingPart': 'difference',
    });
    const groups = Object.fromEntries(
      res.body.reach.groups.map((g: { group: string }) => [g.group, g]),
    );
    // 5 of the 7 take part: 7 − 5 = 2 do not, so the 5 (and the share) are hidden too.
    expect(groups.all).toEqual({
      group: 'all',
      parents: 7,
      withBuddy: null,
      cameToActivity: null,
      takingPart: null,
      percent: null,
    });
    expect(groups.little_dutch).toEqual({
      group: 'little_dutch',
      parents: null,
      withBuddy: 0,
      cameToActivity: null,
      takingPart: null,
      percent: null,
    });
    expect(groups['language:so']).toEqual({
      group: 'language:so',
      parents: null,
      withBuddy: 0,
      cameToActivity: null,
      takingPart: null,
      percent: null,
    });
    expect({
      parentsReached: res.body.reach.parentsReached,
      firstTimers: res.body.reach.firstTimers,
      takingPart: res.body.reach.takingPart,
      activitiesHeld: res.body.reach.activitiesHeld,
    }).toEqual({ parentsReached: null, firstTimers: null, takingPart: null, activitiesHeld: 1 });
    expect(res.body.languages.find((l: { language: string }) => l.language === 'zh')).toEqual({
      language: 'zh',
      enrolled: null,
      waiting: 0,
    });
    expect(res.body.trends.checkIns).toEqual({ good: 0, couldBeBetter: null, stopped: 0 });
    expect(res.body.trends.endings).toEqual({ good: null, neutral: 0, bad: 0, unknown: 0 });
    // No month shows a count of 1 to 4, nor a waiting time over fewer than 5 first proposals.
    for (const m of res.body.trends.months)
      for (const [k, v] of Object.entries(m))
        if (k !== 'month' && k !== 'places' && typeof v === 'number' && v > 0)
          expect({ [`${m.month}.${k}`]: v >= 5 }).toEqual({ [`${m.month}.${k}`]: true });
    expect(res.body.actions.map((x: { count: number | null }) => x.count)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      1,
    ]);
    // The coordinator sees every number.
    const full = await api(a.coordinator.token, a.schoolId).expect(200);
    expect(full.body.hidden).toBeUndefined();
    expect(full.body.figures.seekers).toBe(5);
  });

  it('a viewer of a school of 9: shown figures never differ by 1 to 4 from a shown whole', async () => {
    // School B plus six waiting seekers who speak Turkish: 9 enrolled, 1 buddy, 8 seekers.
    const { schoolId, viewer } = b;
    const added: string[] = [];
    for (let i = 0; i < 6; i++)
      added.push(
        await parent(t.db, schoolId, {
          name: `Tr${i}`,
          role: 'seeker',
          status: 'waiting',
          languages: ['tr'],
          createdDaysAgo: 2,
          waitingDaysAgo: 2,
        }),
      );
    try {
      const res = await api(viewer.token, schoolId).expect(200);
      // 9 enrolled, 8 seekers: 9 − 8 = the 1 buddy, so "seekers" is hidden beside "buddies";
      // 7 waiting (Ilse and the six) is shown: with "seekers" hidden, 8 − 7 cannot be worked out.
      expect(res.body.figures).toMatchObject({
        enrolled: 9,
        seekers: null,
        buddies: null,
        waiting: 7,
        waitingWithProposal: 0,
        waitingWithoutProposal: 7,
        activePairs: null,
      });
      expect(res.body.hidden).toMatchObject({
        'figures.seekers': 'difference',
        'figures.buddies': 'small',
        'figures.activePairs': 'small',
      });
      const tr = res.body.reach.groups.find((g: { group: string }) => g.group === 'language:tr');
      // 6 Turkish-speaking parents of 9: the 3 others are not shown anywhere, so the 6 is hidden.
      expect(tr).toEqual({
        group: 'language:tr',
        parents: null,
        withBuddy: 0,
        cameToActivity: 0,
        takingPart: 0,
        percent: null,
      });
      expect(res.body.languages.find((l: { language: string }) => l.language === 'tr')).toEqual({
        language: 'tr',
        enrolled: null,
        waiting: null,
      });
    } finally {
      await t.db.query(`DELETE FROM parent WHERE id = ANY($1)`, [added]);
    }
  });

  it("one school's figures do not include another school's", async () => {
    const res = await api(b.coordinator.token, b.schoolId).expect(200);
    expect(res.body.figures).toMatchObject({
      enrolled: 3,
      waiting: 1,
      activePairs: 1,
      freeCapacity: 2,
      proposed: 0,
    });
    expect(res.body.reach).toMatchObject({ takingPart: 2, parentsReached: 0, activitiesHeld: 0 });
  });

  it('watches the groups the school chose on its settings page, and refuses others', async () => {
    const { agent } = await workspaceAgent(t, a.admin.email);
    const page = await agent.get(`/schools/${a.schoolId}/settings`).expect(200);
    expect(page.text).toContain('Groepen die het overzicht volgt');
    await agent
      .post(`/schools/${a.schoolId}/settings/watched-groups`)
      .type('form')
      .send({ _csrf: csrfIn(page.text), groups: ['little_dutch', 'language:so'] })
      .expect(303);
    try {
      const res = await api(a.coordinator.token, a.schoolId).expect(200);
      expect(res.body.reach.groups.map((g: { group: string }) => g.group)).toEqual([
        'all',
        'little_dutch',
        'language:so',
      ]);
      const again = await agent.get(`/schools/${a.schoolId}/settings`).expect(200);
      const bad = await agent
        .post(`/schools/${a.schoolId}/settings/watched-groups`)
        .type('form')
        .send({ _csrf: csrfIn(again.text), groups: ['everyone', 'language:<b>'] })
        .expect(422);
      expect(bad.text).toContain('Kies alleen groepen uit deze lijst.');
    } finally {
      await t.db.query(
        `UPDATE school SET watched_groups = '{little_dutch,new_to_nl,new_to_school,languages}' WHERE id = $1`,
        [a.schoolId],
      );
    }
  });

  it('recruitment advice: the engine, run again with one new buddy of each kind, ranks them', async () => {
    // School C, by hand: Dirk (Dutch) buddies one parent and takes Els (Dutch); Aya and Adam
    // speak only Arabic, Tarik only Turkish; Aya and Adam are free on Monday mornings.
    const consent = { matching: { granted: true, at: new Date().toISOString() } };
    const ids: string[] = [];
    const add = async (p: ParentRow & { availability?: string[] }): Promise<void> => {
      const id = await parent(t.db, c.schoolId, p);
      await t.db.query(`UPDATE parent SET consents = $2, availability = $3 WHERE id = $1`, [
        id,
        consent,
        p.availability ?? [],
      ]);
      ids.push(id);
    };
    const arabic: Omit<ParentRow, 'name'> = {
      role: 'seeker',
      status: 'waiting',
      dutch: 'none',
      languages: ['ar'],
    };
    await add({ ...arabic, name: 'Aya', waitingDaysAgo: 9, availability: ['mon-morning'] });
    await add({ ...arabic, name: 'Adam', waitingDaysAgo: 8, availability: ['mon-morning'] });
    await add({
      name: 'Tarik',
      role: 'seeker',
      status: 'waiting',
      dutch: 'none',
      languages: ['tr'],
    });
    await add({ name: 'Els', role: 'seeker', status: 'waiting' });
    await add({ name: 'Dirk', role: 'buddy', status: 'enrolled', capacity: 1 });
    const [run] = await t.db.query<{ id: string }[]>(
      `INSERT INTO matching_run (school_id, weights, stats, unmatched, duration_ms) VALUES ($1, '{}', '{}', '[]', 1) RETURNING id`,
      [c.schoolId],
    );
    try {
      // Before the advice is computed (in the background after a run) there is none.
      expect((await api(c.coordinator.token, c.schoolId).expect(200)).body.recruitment).toEqual([]);
      await t.app.get(MatchingRunService).adviseRecruitment(run.id, c.schoolId);
      const res = await api(c.coordinator.token, c.schoolId).expect(200);
      expect(res.body.recruitment).toEqual([
        { language: 'ar', situation: null, moreMatched: 2, availability: 'mon-morning' },
        { language: 'tr', situation: null, moreMatched: 1, availability: null },
      ]);
      const { agent } = await workspaceAgent(t, c.coordinator.email);
      const page = await agent.get(`/schools/${c.schoolId}/overview`).expect(200);
      expect(page.text).toContain('Een maatje dat Arabisch spreekt');
      expect(page.text).toContain('maandag (ochtend)');
      // A viewer: an advice about fewer than 5 parents is left out.
      const viewer = await api(c.viewer.token, c.schoolId).expect(200);
      expect(viewer.body.recruitment).toEqual([]);
    } finally {
      await t.db.query(`DELETE FROM matching_run WHERE school_id = $1`, [c.schoolId]);
      await t.db.query(`DELETE FROM parent WHERE id = ANY($1)`, [ids]);
    }
  });

  it('refuses a period it cannot read with a 422, never a 500', async () => {
    for (const q of [
      'period=week',
      'period=custom&from=2026-02-30&to=2026-03-01',
      'period=custom&from=2026-03-01',
      'period=custom&from=2026-03-01&to=2026-01-01',
      'period=custom&from=2020-01-01&to=2026-01-01',
    ])
      await api(a.coordinator.token, a.schoolId, q).expect(422);
    const year = await api(a.coordinator.token, a.schoolId, 'period=year').expect(200);
    const now = new Date();
    const y = now.getUTCMonth() >= 7 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    expect(year.body.period).toEqual({ kind: 'year', from: `${y}-08-01`, to: isoDay(now) });
  });

  it('the page: figures with their definitions, actions as links, the period, print and CSV', async () => {
    const { agent } = await workspaceAgent(t, a.coordinator.email);
    const res = await agent.get(`/schools/${a.schoolId}/overview?${period}`).expect(200);
    const fig = (key: string): string | undefined =>
      new RegExp(`data-figure="${key}">([^<]*)<`).exec(res.text)?.[1];
    expect(fig('enrolled')).toBe('7');
    expect(fig('waiting')).toBe('3');
    expect(fig('takingPart')).toBe('5');
    expect(res.text).toContain(
      'Ouders die een maatje zoeken en nu nog geen goedgekeurd of actief maatje hebben.',
    );
    expect(res.text).toContain(`href="/schools/${a.schoolId}/parents?waitingMoreThanDays=28"`);
    expect(res.text).toContain('Voorstellen beoordelen: 1');
    // No matching run yet: the advice says so instead of "everyone has a proposal or a buddy".
    expect(res.text).not.toContain(
      'Iedereen die een maatje zoekt, heeft een voorstel of een maatje.',
    );
    expect(res.text).toContain('nog geen koppelronde gedraaid');
    expect(res.text).toMatch(/<svg[^>]*role="img"/);
    expect(res.text).toContain('data-trend="funnel"');

    const bad = await agent
      .get(`/schools/${a.schoolId}/overview?period=custom&from=x&to=y`)
      .expect(422);
    expect(bad.text).toContain('Deze periode klopt niet');

    const print = await agent.get(`/schools/${a.schoolId}/overview?${period}&print=1`).expect(200);
    expect(print.text).not.toContain('class="om-nav"');
    expect(print.text).toContain('data-figure="enrolled">7<');

    const csv = await agent.get(`/schools/${a.schoolId}/overview?${period}&format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')).toEqual(
      expect.arrayContaining([
        'now,enrolled,7',
        'now,waiting,3',
        'reach,takingPart,5',
        'reach:little_dutch,takingPart,1',
      ]),
    );
  });

  it('the page for a viewer: numbers without links, "fewer than 5" and "hidden"', async () => {
    const { agent } = await workspaceAgent(t, a.viewer.email);
    const res = await agent.get(`/schools/${a.schoolId}/overview?${period}`).expect(200);
    const fig = (key: string): string | undefined =>
      new RegExp(`data-figure="${key}">([^<]*)<`).exec(res.text)?.[1];
    expect(fig('enrolled')).toBe('7');
    expect(fig('buddies')).toBe('minder dan 5');
    expect(fig('seekers')).toBe('verborgen');
    expect(fig('takingPart')).toBe('verborgen');
    expect(res.text).toContain('Voorstellen beoordelen: minder dan 5');
    expect(res.text).toContain('Activiteiten met een wachtlijst: 1');
    expect(res.text).not.toContain(`href="/schools/${a.schoolId}/matching"`);
    // No chart summary adds up months of which one is hidden.
    expect(res.text).not.toMatch(/Ingeschreven: \d/);
    const csv = await agent.get(`/schools/${a.schoolId}/overview?${period}&format=csv`).expect(200);
    expect(csv.text.split('\r\n')).toEqual(
      expect.arrayContaining([
        'now,enrolled,7',
        'now,buddies,<5',
        'now,seekers,hidden',
        'reach:little_dutch,takingPart,<5',
        'reach:all,takingPart,hidden',
      ]),
    );
  });

  it('the start page heads with what to do next: links for a coordinator, counts for a viewer', async () => {
    const coordinator = (await workspaceAgent(t, a.coordinator.email)).agent;
    const home = await coordinator.get(`/schools/${a.schoolId}`).expect(200);
    expect(home.text).toContain('Wat nu te doen');
    expect(home.text).toContain(`href="/schools/${a.schoolId}/tasks"`);
    expect(home.text).toContain('Open taken (bellen, een brief): 1');
    const viewer = (await workspaceAgent(t, a.viewer.email)).agent;
    const viewerHome = await viewer.get(`/schools/${a.schoolId}`).expect(200);
    expect(viewerHome.text).toContain('Open taken (bellen, een brief): minder dan 5');
    expect(viewerHome.text).not.toContain(`href="/schools/${a.schoolId}/tasks"`);
    const empty = (await workspaceAgent(t, c.coordinator.email)).agent;
    expect((await empty.get(`/schools/${c.schoolId}`).expect(200)).text).toContain(
      'Er wacht nu niets op je.',
    );
  });

  it('the board: three schools side by side, the total the sum of the schools', async () => {
    const token = await login(t, boardAdminEmail);
    const res = await t
      .http()
      .get(`/api/v1/boards/${boardId}/dashboard`)
      .set({ authorization: `Bearer ${token}` })
      .expect(200);
    expect(res.body.schools.map((s: { schoolName: string }) => s.schoolName)).toEqual([
      'A De Linde',
      'B Het Anker',
      'C De Regenboog',
    ]);
    const byName = (n: string) =>
      res.body.schools.find((s: { schoolName: string }) => s.schoolName === n);
    expect(byName('A De Linde').figures).toMatchObject({ enrolled: 7, waiting: 3, activePairs: 1 });
    expect(byName('C De Regenboog').figures).toMatchObject({
      enrolled: 0,
      waiting: 0,
      activePairs: 0,
      longestWaitDays: null,
    });
    expect(res.body.total.figures).toMatchObject({
      enrolled: 10,
      waiting: 4,
      waitingWithProposal: 1,
      waitingWithoutProposal: 3,
      activePairs: 2,
      freeCapacity: 4,
      longestWaitDays: 40,
      medianDaysToProposal: null,
    });
    expect(
      res.body.total.reach.groups.find((g: { group: string }) => g.group === 'all'),
    ).toMatchObject({ parents: 10 });

    const { agent } = await workspaceAgent(t, boardAdminEmail);
    const page = await agent.get(`/boards/${boardId}`).expect(200);
    const figure = (school: string, key: string): string | undefined =>
      new RegExp(`data-school="${school}" data-figure="${key}"\\s*>(\\d+)<`).exec(page.text)?.[1];
    expect(figure(a.schoolId, 'enrolled')).toBe('7');
    expect(figure(b.schoolId, 'enrolled')).toBe('3');
    expect(figure(c.schoolId, 'enrolled')).toBe('0');
    expect(figure('total', 'enrolled')).toBe('10');
    expect(figure('total', 'waiting')).toBe('4');

    // The period: the board's reach follows it (Eva and Hana came 10 days ago: in the last 3
    // months; none of the 8 days before the period); a period it cannot read is a 422.
    const recent = await agent.get(`/boards/${boardId}?${period}`).expect(200);
    expect(recent.text).toContain(`data-period="${isoDay(from)}/${isoDay(new Date())}"`);
    expect(
      new RegExp(`data-school="${a.schoolId}" data-figure="parentsReached"\\s*>(\\d+)<`).exec(
        recent.text,
      )?.[1],
    ).toBe('2');
    const before = `period=custom&from=${isoDay(ago(30))}&to=${isoDay(ago(20))}`;
    const old = await t
      .http()
      .get(`/api/v1/boards/${boardId}/dashboard?${before}`)
      .set({ authorization: `Bearer ${token}` })
      .expect(200);
    expect(old.body.period).toEqual({ kind: 'custom', from: isoDay(ago(30)), to: isoDay(ago(20)) });
    expect(old.body.total.reach.parentsReached).toBe(0);
    const bad = await agent.get(`/boards/${boardId}?period=week`).expect(422);
    expect(bad.text).toContain('Deze periode klopt niet');
    await t
      .http()
      .get(`/api/v1/boards/${boardId}/dashboard?period=custom&from=x`)
      .set({ authorization: `Bearer ${token}` })
      .expect(422);
  });
});
