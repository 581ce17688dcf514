import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/config';
import { SYSTEM } from '../common/auth/actor';
import { AppLogger } from '../common/logging/app-logger';
import { DEFAULT_SCHOOL_SETTINGS } from '../schools/school-settings';
import { School } from '../schools/school.entity';
import { StaffService } from '../staff/staff.service';

const DEMO_BRIN = '99ZZ';

/**
 * The embedded set-up seeds one demo school with three staff accounts the first time it
 * starts, and prints their passwords once. Idempotent: nothing happens when it exists.
 */
export async function seedDemo(app: INestApplicationContext, config: AppConfig, logger: AppLogger): Promise<void> {
  const dataSource = app.get(DataSource);
  if (await dataSource.manager.existsBy(School, { brin: DEMO_BRIN })) return;
  const staff = app.get(StaffService);
  const logins: string[] = [];
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
      { email: 'consulent@demo.oudermaatje.nl', name: 'Samira (ouderconsulent)', role: 'coordinator' as const },
      { email: 'directie@demo.oudermaatje.nl', name: 'Peter (directeur)', role: 'viewer' as const },
      { email: 'beheer@demo.oudermaatje.nl', name: 'Anouk (beheerder)', role: 'school_admin' as const },
    ];
    for (const p of people) {
      const password = randomBytes(9).toString('base64url');
      await staff.addToSchool(SYSTEM, schoolId, { ...p, password }, p.role, m);
      logins.push(`  ${p.role.padEnd(13)} ${p.email}  ${password}`);
    }
  });
  logger.info(
    ['Demo school created. These passwords are shown only now:', ...logins, `Log in at ${config.publicBaseUrl}/dashboard or POST /api/v1/auth/login`].join('\n'),
  );
}
