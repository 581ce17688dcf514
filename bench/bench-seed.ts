import { Client } from 'pg';
import { hashPassword } from '../src/auth/password';
import { DEFAULT_SCHOOL_SETTINGS } from '../src/schools/school-settings';
import { SITUATION_CODES } from '../src/taxonomy/taxonomy';

/** Small seeded generator so every run measures the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const LANGS = [
  'nl',
  'ar',
  'tr',
  'pl',
  'uk',
  'ti',
  'so',
  'fa',
  'ps',
  'es',
  'ro',
  'bg',
  'fr',
  'ber',
  'ru',
  'pt',
];
const NAMES = [
  'Fatima',
  'Mohamed',
  'Anna',
  'Jan',
  'Olena',
  'Yusuf',
  'Maria',
  'Ahmed',
  'Sara',
  'Daan',
  'Ewa',
  'Khalid',
  'Noor',
  'Lotte',
  'Ayaan',
  'Bilal',
];
const FAMILY = [
  'de Vries',
  'El Amrani',
  'Yilmaz',
  'Kowalski',
  'Bakker',
  'Haile',
  'Ahmadi',
  'Jansen',
  'Popescu',
  'Ivanova',
  'Visser',
  'Hassan',
];

/** A school with one coordinator and `parents` seeded, varied parents (fixed seed). */
export async function seedSchool(
  url: string,
  parents: number,
): Promise<{ schoolId: string; email: string; password: string }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const [{ id: schoolId }] = (
    await c.query(
      `INSERT INTO school (name, brin, city, kind, default_language, settings) VALUES ('Bench school', '99BB', 'Utrecht', 'primary', 'nl', $1) RETURNING id`,
      [DEFAULT_SCHOOL_SETTINGS],
    )
  ).rows as { id: string }[];
  const password = 'bench passphrase 123';
  const [{ id: staffId }] = (
    await c.query(
      `INSERT INTO staff (email, name, interface_language, password_hash) VALUES ('bench@example.org', 'Bench', 'nl', $1) RETURNING id`,
      [await hashPassword(password)],
    )
  ).rows as { id: string }[];
  await c.query(
    `INSERT INTO membership (staff_id, school_id, role) VALUES ($1, $2, 'coordinator')`,
    [staffId, schoolId],
  );
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const rows: unknown[][] = [];
  for (let i = 0; i < parents; i++) {
    const lang = r() < 0.4 ? 'nl' : pick(LANGS);
    const role = r() < 0.6 ? 'seeker' : r() < 0.5 ? 'buddy' : 'both';
    const situations = Array.from({ length: Math.floor(r() * 3) }, () => ({
      code: pick(SITUATION_CODES),
      stance: role === 'buddy' ? 'experienced' : pick(['seeking', 'experienced']),
      shareWithBuddy: false,
    }));
    rows.push([
      schoolId,
      `${pick(NAMES)}${i}`,
      pick(FAMILY),
      JSON.stringify([
        { code: lang, level: 'native' },
        ...(lang === 'nl'
          ? []
          : [{ code: 'nl', level: pick(['basic', 'conversational', 'fluent']) }]),
      ]),
      lang === 'nl' ? 'native' : pick(['none', 'basic', 'conversational']),
      ['nl', 'ar', 'tr', 'pl', 'uk', 'es'].includes(lang) ? lang : 'nl',
      role,
      role === 'seeker' ? 0 : 1 + Math.floor(r() * 3),
      JSON.stringify(situations),
      [pick(['mon', 'tue', 'wed', 'thu', 'fri']) + '-' + pick(['morning', 'afternoon', 'evening'])],
      role === 'buddy' ? 'enrolled' : pick(['waiting', 'waiting', 'matched', 'enrolled', 'paused']),
    ]);
  }
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values = chunk.map(
      (_, j) =>
        `(${Array.from({ length: 11 }, (_, k) => `$${j * 11 + k + 1}`).join(', ')}, '{"matching": {"granted": true, "at": "2026-01-01T00:00:00Z", "method": "import", "recordedBy": null}}', 2024, ARRAY['in_person'])`,
    );
    await c.query(
      `INSERT INTO parent (school_id, given_name, family_name, languages, dutch_level, message_language, role, capacity, situations, availability, status, consents, at_school_since, channels)
       VALUES ${values.join(', ')}`,
      chunk.flat(),
    );
  }
  await c.query('ANALYZE parent');
  await c.end();
  return { schoolId, email: 'bench@example.org', password };
}
