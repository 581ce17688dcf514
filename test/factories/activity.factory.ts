import type { CreateActivityDto } from '../../src/activities/dto/activity-input.dto';
import { aSeeker, ParentInput } from './parent.factory';
import { TestApp } from '../support/test-app';

let n = 0;

/** A coffee morning a week from now, 09:30–11:00 UTC, 10 places; override what the test is about. */
export function anActivity(
  overrides: Partial<CreateActivityDto> = {},
  from = new Date(),
): CreateActivityDto {
  n++;
  const start = new Date(from.getTime() + 7 * 86400_000);
  start.setUTCHours(9, 30, 0, 0);
  return {
    kind: 'coffee_morning',
    title: `Koffieochtend ${n}`,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 90 * 60_000).toISOString(),
    location: 'Ouderkamer',
    languages: ['nl', 'ar'],
    interpreter: true,
    childcare: true,
    costCents: 0,
    capacity: 10,
    ...overrides,
  };
}

/** An intake of a parent who agreed to get activity invitations. */
export function anActivityParent(overrides: Partial<ParentInput> = {}): ParentInput {
  return withActivityConsent(aSeeker(overrides));
}

/** The intake with consent for activity invitations added. */
export function withActivityConsent(input: ParentInput): ParentInput {
  return {
    ...input,
    consents: [
      ...input.consents.filter((c) => c.purpose !== 'activities'),
      { purpose: 'activities', granted: true, method: 'in_person' },
    ],
  };
}

export async function schedule(
  t: TestApp,
  token: string,
  schoolId: string,
  body: CreateActivityDto,
): Promise<{ id: string } & Record<string, unknown>> {
  const res = await t
    .http()
    .post(`/api/v1/schools/${schoolId}/activities`)
    .set('authorization', `Bearer ${token}`)
    .send(body);
  if (res.status !== 201)
    throw new Error(`schedule failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Parents of a school written straight into the table (for load tests: 200 intakes over HTTP
 * would take longer than the behaviour under test). Returns ids in creation order.
 */
export async function bulkParents(t: TestApp, schoolId: string, count: number): Promise<string[]> {
  const rows: { id: string }[] = await t.db.query(
    `INSERT INTO parent (school_id, given_name, languages, dutch_level, message_language, role, capacity, status, at_school_since, channels, email, consents)
     SELECT $1, 'Bulk' || i, '[{"code": "nl", "level": "native"}]', 'native', 'nl', 'seeker', 0, 'waiting', 2020, '{email}', 'bulk' || i || '@example.org',
            '{"activities": {"granted": true, "at": "2025-01-01T00:00:00Z", "method": "in_person", "recordedBy": null}}'
       FROM generate_series(1, $2) AS i
     RETURNING id`,
    [schoolId, count],
  );
  return rows.map((r) => r.id);
}
