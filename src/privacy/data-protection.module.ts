import { Module } from '@nestjs/common';
import { PrivacyModule } from './privacy.module';
import { EncryptPersonalDataTask } from './encryption/encrypt-personal-data.task';
import { PersonalDataEncryptionService } from './encryption/personal-data-encryption.service';
import { RetentionService } from './retention/retention.service';
import { RetentionTask } from './retention/retention.task';

/** Encryption at rest (backfill, key rotation) and retention: the worker's part of privacy. */
@Module({
  imports: [PrivacyModule],
  providers: [
    PersonalDataEncryptionService,
    EncryptPersonalDataTask,
    RetentionService,
    RetentionTask,
  ],
  exports: [PersonalDataEncryptionService, RetentionService],
})
export class DataProtectionModule {}
