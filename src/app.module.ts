import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivitiesModule } from './activities/activities.module';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { AppLogger } from './common/logging/app-logger';
import { LoggingModule } from './common/logging/logging.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { I18nModule } from './i18n/i18n.module';
import { MatchingModule } from './matching/matching.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PrivacyModule } from './privacy/privacy.module';
import { DataProtectionModule } from './privacy/data-protection.module';
import { DataCipher } from './privacy/encryption/data-cipher';
import { installDataCipher } from './privacy/encryption/field-encryption';
import { ParentPagesModule } from './parent-pages/parent-pages.module';
import { ParentsModule } from './parents/parents.module';
import { TaxonomyModule } from './taxonomy/taxonomy.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { SchoolsModule } from './schools/schools.module';
import { StaffModule } from './staff/staff.module';
import { WorkerModule } from './worker/worker.module';
import { WorkspaceModule } from './workspace/workspace.module';
import { IntakePagesModule } from './parents/pages/intake-pages.module';
import { ParentRecordPagesModule } from './parents/pages/parent-record-pages.module';
import { MatchingPagesModule } from './matching/pages/matching-pages.module';
import { ActivityPagesModule } from './activities/pages/activity-pages.module';
import { NotificationPagesModule } from './notifications/pages/notification-pages.module';
import { SchoolPagesModule } from './schools/pages/school-pages.module';

/** Domain modules: each owns one area (see docs/architecture.md). */
const DOMAIN_MODULES = [
  I18nModule,
  AuditModule,
  StaffModule,
  SchoolsModule,
  AuthModule,
  TaxonomyModule,
  ParentsModule,
  MatchingModule,
  ParentPagesModule,
  DashboardModule,
  PrivacyModule,
  DataProtectionModule,
  ActivitiesModule,
  NotificationsModule,
  WorkspaceModule,
  // The staff workspace's pages, one module per area (each lives in its area's folder).
  IntakePagesModule,
  ParentRecordPagesModule,
  MatchingPagesModule,
  ActivityPagesModule,
  NotificationPagesModule,
  SchoolPagesModule,
];

@Module({})
export class AppModule {
  /**
   * The same modules serve the API and the worker; the process role only decides whether
   * HTTP is served and whether the background loops run.
   */
  static forRoot(config: AppConfig, logger: AppLogger): DynamicModule {
    if (!config.databaseUrl) throw new Error('AppModule needs a resolved databaseUrl');
    const runsWorker = config.processRole === 'all' || config.processRole === 'worker';
    installDataCipher(new DataCipher(config.dataEncryptionKey, config.dataEncryptionKeysOld));
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logger),
        TypeOrmModule.forRoot(dataSourceOptions(config.databaseUrl, config.databasePoolSize)),
        HealthModule,
        ...DOMAIN_MODULES,
        ...(runsWorker ? [WorkerModule] : []),
      ],
    };
  }
}
