import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { plainToInstance } from 'class-transformer';
import { Actor } from '../common/auth/actor';
import { CreateParentDto } from '../parents/dto/parent-input.dto';
import { ParentsService } from '../parents/parents.service';
import { AppLogger } from '../common/logging/app-logger';
import { DEFAULT_SCHOOL_SETTINGS } from '../schools/school-settings';
import { School } from '../schools/school.entity';
import { StaffService } from '../staff/staff.service';

const DEMO_BRIN = '99ZZ';
const RESET_HINT =
  'Lost a password? npm run cli -- reset-password --email consulent@demo.oudermaatje.nl prints a link to choose a new one.';

/**
 * The embedded set-up seeds one demo school with three staff accounts the first time it
 * starts, and prints their passwords once. Idempotent: nothing happens when it exists.
 */
export async function seedDemo(
  app: INestApplicationContext,
  config: AppConfig,
  logger: AppLogger,
): Promise<void> {
  const dataSource = app.get(DataSource);
  if (await dataSource.manager.existsBy(School, { brin: DEMO_BRIN })) {
    logger.info(
      `Demo accounts: consulent@, directie@ and beheer@demo.oudermaatje.nl (passwords were shown on the first start). ${RESET_HINT}`,
    );
    return;
  }
  const staff = app.get(StaffService);
  const logins: string[] = [];
  let coordinator: { schoolId: string; staffId: string } | undefined;
  await dataSource.transaction(async (m) => {
    const inserted = await m.insert(School, {
      name: 'Basisschool De Regenboog (demo)',
      brin: DEMO_BRIN,
      city: 'Rotterdam',
      kind: 'primary',
      defaultLanguage: 'nl',
      boardId: null,
      settings: DEFAULT_SCHOOL_SETTINGS,
    });
    const schoolId = inserted.identifiers[0].id as string;
    const people = [
      {
        email: 'consulent@demo.oudermaatje.nl',
        name: 'Samira (ouderconsulent)',
        role: 'coordinator' as const,
      },
      { email: 'directie@demo.oudermaatje.nl', name: 'Peter (directeur)', role: 'viewer' as const },
      {
        email: 'beheer@demo.oudermaatje.nl',
        name: 'Anouk (beheerder)',
        role: 'school_admin' as const,
      },
    ];
    for (const p of people) {
      const password = randomBytes(9).toString('base64url');
      const added = await staff.createDemoMember(schoolId, { ...p, password }, p.role, m);
      if (p.role === 'coordinator') coordinator = { schoolId, staffId: added.id };
      logins.push(`  ${p.role.padEnd(13)} ${p.email}  ${password}`);
    }
  });
  if (coordinator) await seedDemoParents(app, coordinator.schoolId, coordinator.staffId);
  logger.info(
    [
      'Demo school created. These passwords are shown only now:',
      ...logins,
      `Log in to the staff workspace at ${config.publicBaseUrl}/ (or POST /api/v1/auth/login for the API)`,
      RESET_HINT,
    ].join('\n'),
  );
}

/** A handful of parents in several languages, so the dashboard and a first matching run show something. */
async function seedDemoParents(
  app: INestApplicationContext,
  schoolId: string,
  staffId: string,
): Promise<void> {
  const actor: Actor = {
    kind: 'staff',
    staffId,
    email: 'consulent@demo.oudermaatje.nl',
    interfaceLanguage: 'nl',
    isPlatformAdmin: false,
    schoolRoles: new Map([[schoolId, 'coordinator']]),
    adminOfBoards: [],
    ip: undefined,
    requestId: undefined,
  };
  const consent = (purposes: string[]) =>
    purposes.map((purpose) => ({ purpose, granted: true, method: 'in_person' }));
  const all = consent(['matching', 'share_contact', 'messages_email', 'activities']);
  const people = [
    {
      givenName: 'Amina',
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'nl', level: 'basic' },
      ],
      dutchLevel: 'basic',
      messageLanguage: 'ar',
      role: 'seeker',
      situations: [{ code: 'new_to_nl', stance: 'seeking' }],
      children: [{ schoolYear: 'groep-3' }],
    },
    {
      givenName: 'Youssef',
      languages: [
        { code: 'ar', level: 'native' },
        { code: 'nl', level: 'fluent' },
      ],
      dutchLevel: 'fluent',
      messageLanguage: 'nl',
      role: 'buddy',
      capacity: 2,
      situations: [{ code: 'new_to_nl', stance: 'experienced' }],
      children: [{ schoolYear: 'groep-4' }],
      atSchoolSince: 2019,
    },
    {
      givenName: 'Olena',
      languages: [
        { code: 'uk', level: 'native' },
        { code: 'ru', level: 'fluent' },
      ],
      dutchLevel: 'none',
      messageLanguage: 'uk',
      role: 'seeker',
      situations: [{ code: 'new_to_school', stance: 'seeking' }],
      children: [{ schoolYear: 'groep-6' }],
    },
    {
      givenName: 'Iryna',
      languages: [
        { code: 'uk', level: 'native' },
        { code: 'nl', level: 'conversational' },
      ],
      dutchLevel: 'conversational',
      messageLanguage: 'uk',
      role: 'both',
      capacity: 1,
      situations: [{ code: 'new_to_school', stance: 'experienced' }],
      children: [{ schoolYear: 'groep-6' }],
      atSchoolSince: 2020,
    },
    {
      givenName: 'Mehmet',
      languages: [
        { code: 'tr', level: 'native' },
        { code: 'nl', level: 'conversational' },
      ],
      dutchLevel: 'conversational',
      messageLanguage: 'tr',
      role: 'seeker',
      situations: [{ code: 'dyslexia', stance: 'seeking', shareWithBuddy: true }],
      children: [{ schoolYear: 'groep-5' }],
    },
    {
      givenName: 'Sanne',
      languages: [
        { code: 'nl', level: 'native' },
        { code: 'en', level: 'fluent' },
      ],
      dutchLevel: 'native',
      messageLanguage: 'nl',
      role: 'buddy',
      capacity: 2,
      situations: [{ code: 'dyslexia', stance: 'experienced', shareWithBuddy: true }],
      children: [{ schoolYear: 'groep-5' }],
      atSchoolSince: 2017,
    },
    {
      givenName: 'Semhar',
      languages: [{ code: 'ti', level: 'native' }],
      dutchLevel: 'basic',
      messageLanguage: 'ti',
      role: 'seeker',
      prefersSpoken: true,
      situations: [{ code: 'new_to_nl', stance: 'seeking' }],
      children: [{ schoolYear: 'groep-1' }],
    },
  ];
  const parents = app.get(ParentsService);
  for (const [i, p] of people.entries()) {
    const dto = plainToInstance(CreateParentDto, {
      ...p,
      familyName: 'Demo',
      channels: ['email'],
      email: `ouder${i + 1}@demo.oudermaatje.nl`,
      consents: all,
    });
    await parents.enroll(actor, schoolId, dto);
  }
}
