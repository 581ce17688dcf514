import { Injectable } from '@nestjs/common';
import { PeriodicTask, RegisterPeriodicTask } from '../../worker/periodic-task';
import { PersonalDataEncryptionService } from './personal-data-encryption.service';

/**
 * Encrypts what is still in clear text (rows from before encryption at rest, or written by
 * raw SQL that forgot to), a batch at a time, right after every worker start; then hourly
 * it only checks that nothing is left.
 */
@Injectable()
@RegisterPeriodicTask({ name: 'encrypt-personal-data', intervalMs: 60 * 60 * 1000 })
export class EncryptPersonalDataTask implements PeriodicTask {
  constructor(private readonly encryption: PersonalDataEncryptionService) {}

  async runOnce(): Promise<number> {
    const { parents, messages } = await this.encryption.runBatch('clear');
    return parents + messages;
  }
}
