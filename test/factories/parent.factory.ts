import type { CreateParentDto } from '../../src/parents/dto/parent-input.dto';
import { TestApp } from '../support/test-app';

export type ParentInput = Omit<CreateParentDto, 'languages' | 'consents'> & {
  languages: { code: string; level: string }[];
  consents: { purpose: string; granted: boolean; method: string }[];
};

let n = 0;

/** A valid intake for a parent who seeks a buddy; override what the test is about. */
export function aSeeker(overrides: Partial<ParentInput> = {}): ParentInput {
  n++;
  return {
    givenName: `Seeker${n}`,
    familyName: 'Test',
    languages: [
      { code: 'ar', level: 'native' },
      { code: 'nl', level: 'basic' },
    ],
    dutchLevel: 'basic',
    messageLanguage: 'ar',
    role: 'seeker',
    channels: ['email'],
    email: `seeker${n}@example.org`,
    children: [{ schoolYear: 'groep-3' }],
    situations: [{ code: 'new_to_school', stance: 'seeking' }],
    consents: [
      { purpose: 'matching', granted: true, method: 'in_person' },
      { purpose: 'share_contact', granted: true, method: 'in_person' },
      { purpose: 'messages_email', granted: true, method: 'in_person' },
    ],
    ...overrides,
  };
}

/** A valid intake for a parent who offers to be a buddy. */
export function aBuddy(overrides: Partial<ParentInput> = {}): ParentInput {
  n++;
  return aSeeker({
    givenName: `Buddy${n}`,
    role: 'buddy',
    capacity: 1,
    languages: [
      { code: 'ar', level: 'native' },
      { code: 'nl', level: 'fluent' },
    ],
    dutchLevel: 'fluent',
    email: `buddy${n}@example.org`,
    situations: [{ code: 'new_to_school', stance: 'experienced' }],
    atSchoolSince: 2019,
    ...overrides,
  });
}

export async function enroll(
  t: TestApp,
  token: string,
  schoolId: string,
  input: ParentInput,
): Promise<{ id: string; version: number } & Record<string, unknown>> {
  const res = await t
    .http()
    .post(`/api/v1/schools/${schoolId}/parents`)
    .set('authorization', `Bearer ${token}`)
    .send(input);
  if (res.status !== 201)
    throw new Error(`enroll failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
