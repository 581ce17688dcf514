import { EntitySubscriberInterface, EventSubscriber, InsertEvent, UpdateEvent } from 'typeorm';
import { Parent } from '../../parents/parent.entity';
import { emailHash, phoneHash } from './field-encryption';

/**
 * Keeps a parent's lookup hashes with their (encrypted) e-mail and phone, on every write
 * through TypeORM: entity saves, repository inserts and updates, and query-builder inserts
 * and updates (their value sets pass here too). Raw SQL that writes e-mail or phone must
 * set email_hash / phone_hash itself (see emailHash / phoneHash).
 */
@EventSubscriber()
export class ParentContactSubscriber implements EntitySubscriberInterface<Parent> {
  listenTo(): typeof Parent {
    return Parent;
  }

  beforeInsert(event: InsertEvent<Parent>): void {
    withHashes(event.entity);
  }

  beforeUpdate(event: UpdateEvent<Parent>): void {
    withHashes(event.entity);
  }
}

function withHashes(values: Partial<Parent> | undefined): void {
  if (!values) return;
  if ('email' in values && typeof values.email !== 'function')
    values.emailHash = emailHash(values.email);
  if ('phone' in values && typeof values.phone !== 'function')
    values.phoneHash = phoneHash(values.phone);
}
