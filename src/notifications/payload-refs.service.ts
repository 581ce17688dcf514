import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Parent } from '../parents/parent.entity';

/** A message payload that may name another parent by reference (see message-payloads.ts). */
export interface PayloadHolder {
  payload: Record<string, unknown>;
}

/** Set on a resolved payload whose other parent was erased or removed: the message must not go out. */
export const OTHER_PARENT_GONE = 'otherParentGone';

/**
 * Messages about another parent (a buddy, a seeker) store that parent's id, never their
 * name or contact details: an erased parent then leaves nothing behind in other parents'
 * messages. The name (and, for "you are now buddies", the contact both agreed to share) is
 * filled in here, in memory, just before a message is rendered, sent or shown to staff.
 */
@Injectable()
export class PayloadRefsService {
  constructor(private readonly dataSource: DataSource) {}

  /** Fills otherName / buddyName / contact from the referenced parents (mutates the payloads in memory). */
  async resolve(rows: PayloadHolder[], manager?: EntityManager): Promise<void> {
    const ids = new Set<string>();
    for (const { payload } of rows) {
      if (typeof payload.otherParentId === 'string') ids.add(payload.otherParentId);
      if (typeof payload.buddyParentId === 'string') ids.add(payload.buddyParentId);
    }
    if (!ids.size) return;
    const parents = await (manager ?? this.dataSource.manager).find(Parent, {
      select: ['id', 'givenName', 'formOfAddress', 'email', 'phone', 'consents', 'erasedAt'],
      where: { id: In([...ids]) },
    });
    const byId = new Map(parents.filter((p) => !p.erasedAt).map((p) => [p.id, p]));
    for (const { payload } of rows) {
      if (typeof payload.otherParentId === 'string') {
        const other = byId.get(payload.otherParentId);
        if (!other) {
          payload[OTHER_PARENT_GONE] = true;
          payload.otherName = '';
          if ('shareContact' in payload) payload.contact = null;
        } else {
          payload.otherName = other.givenName;
          // How they want to be spoken of (languages with gendered verbs); null: neutral wording.
          payload.otherFormOfAddress = other.formOfAddress ?? null;
          if ('shareContact' in payload)
            payload.contact =
              payload.shareContact === true && other.consents.share_contact?.granted === true
                ? (other.email ?? other.phone ?? null)
                : null;
        }
      }
      if (typeof payload.buddyParentId === 'string') {
        const buddy = byId.get(payload.buddyParentId);
        if (buddy) payload.buddyName = buddy.givenName;
        else delete payload.buddyName;
      }
    }
  }
}
