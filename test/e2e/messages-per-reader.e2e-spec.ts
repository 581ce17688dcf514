import { PayloadRefsService } from '../../src/notifications/payload-refs.service';
import { MessageRenderer } from '../../src/notifications/message-renderer';
import { aBuddy, aSeeker, enroll } from '../factories/parent.factory';
import { aPlatformAdmin, aSchool } from '../factories/staff.factory';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * From the matching run to the text each parent reads: the introduction tells the seeker and
 * the buddy why this pair from their own side, names a situation only when both shared it.
 */
describe('introductions, per reader, from a real run', () => {
  let t: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    adminToken = (await aPlatformAdmin(t)).token;
  });
  afterAll(() => t.close());

  async function introductions(buddyShares: boolean) {
    const s = await aSchool(t, adminToken);
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aSeeker({
        givenName: 'Karim',
        messageLanguage: 'nl',
        situations: [
          { code: 'dyslexia', stance: 'seeking', shareWithBuddy: true },
          { code: 'new_to_school', stance: 'seeking', shareWithBuddy: true },
        ],
      }),
    );
    await enroll(
      t,
      s.coordinator.token,
      s.schoolId,
      aBuddy({
        givenName: 'Salma',
        messageLanguage: 'en',
        situations: [
          { code: 'dyslexia', stance: 'experienced', shareWithBuddy: buddyShares },
          { code: 'new_to_school', stance: 'experienced', shareWithBuddy: true },
        ],
      }),
    );
    const post = (path: string) =>
      t
        .http()
        .post(`/api/v1/schools/${s.schoolId}${path}`)
        .set('authorization', `Bearer ${s.coordinator.token}`);
    const run = await post('/matching/runs?wait=true').expect(201);
    const [proposal] = run.body.proposals;
    await post(`/matches/${proposal.id}/approve`).expect(200);
    const rows: { parent_id: string; kind: string; payload: Record<string, unknown> }[] =
      await t.db.query(
        `SELECT parent_id, kind, payload FROM notification WHERE subject_id = $1 ORDER BY kind`,
        [proposal.id],
      );
    // The other parent is stored by reference; delivery fills in the name, as here.
    await t.app.get(PayloadRefsService).resolve(rows);
    const renderer = t.app.get(MessageRenderer);
    const text = (kind: string, name: string, language: string): string => {
      const row = rows.find((r) => r.kind === kind)!;
      return renderer
        .render(
          row.kind as 'intro_seeker',
          row.payload,
          { givenName: name, language },
          { name: 'De Regenboog', bilingual: false },
          'https://school.example/p/x',
        )
        .text.replace(/[\u200E\u200F\u2066-\u2069]/g, '');
    };
    return {
      rows,
      seekerText: text('intro_seeker', 'Karim', 'nl'),
      buddyText: text('intro_buddy', 'Salma', 'en'),
    };
  }

  it('names the situation both chose to share, to each parent from their side', async () => {
    const { seekerText, buddyText } = await introductions(true);
    expect(seekerText).toContain(
      '- Salma heeft zelf ervaring met iets waar jij hulp bij zoekt: Kind met dyslexie.',
    );
    expect(seekerText).toContain('- Salma is al ');
    expect(buddyText).toContain(
      '- Karim would like help with something you have been through yourself: Child with dyslexia.',
    );
    expect(buddyText).toMatch(
      /- Karim is new at the school\. You have been at this school for \d+ years/,
    );
    // Never a fact about the buddy with the seeker's name, nor the other way round.
    expect(seekerText).not.toMatch(/Karim (heeft|is al)/);
    expect(buddyText).not.toMatch(/Salma (has|would like)/);
  });

  it('leaves a situation out when one of the two did not share it', async () => {
    const { rows, seekerText, buddyText } = await introductions(false);
    for (const r of rows) expect(JSON.stringify(r.payload)).not.toContain('dyslexia');
    expect(seekerText).not.toContain('dyslexie');
    expect(buddyText).not.toContain('dyslexia');
  });
});
