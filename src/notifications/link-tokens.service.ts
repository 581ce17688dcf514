import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hash, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { LinkPurpose, ParentLink } from './parent-link.entity';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const DEFAULT_DAYS = 60;

export interface LinkSpec {
  schoolId: string;
  parentId: string;
  purpose: LinkPurpose;
  subjectId?: string | null;
  /** Defaults to 60 days. */
  expiresAt?: Date;
}

/**
 * Links that let a parent answer without an account. The token is 256 bits derived with
 * HMAC from a random row id and a server secret; the database only holds its SHA-256.
 */
@Injectable()
export class LinkTokensService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async create(manager: EntityManager, spec: LinkSpec): Promise<ParentLink> {
    const id = randomUUID();
    const link: ParentLink = {
      id,
      tokenHash: hashToken(this.tokenFor(id)),
      schoolId: spec.schoolId,
      parentId: spec.parentId,
      purpose: spec.purpose,
      subjectId: spec.subjectId ?? null,
      expiresAt: spec.expiresAt ?? new Date(Date.now() + DEFAULT_DAYS * 86400_000),
      createdAt: new Date(),
    };
    await manager.insert(ParentLink, link);
    return link;
  }

  /**
   * Many links in one statement (the bulk form of `create`, for invitations and imports):
   * the ids and token hashes are made here, the rows inserted with one INSERT … SELECT unnest.
   */
  async createMany(manager: EntityManager, specs: LinkSpec[]): Promise<ParentLink[]> {
    const now = Date.now();
    const links: ParentLink[] = [];
    for (const spec of specs) {
      // Thousands of hashes: in slices, so other requests are answered meanwhile.
      if (links.length % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
      const id = randomUUID();
      links.push({
        id,
        tokenHash: hashToken(this.tokenFor(id)),
        schoolId: spec.schoolId,
        parentId: spec.parentId,
        purpose: spec.purpose,
        subjectId: spec.subjectId ?? null,
        expiresAt: spec.expiresAt ?? new Date(now + DEFAULT_DAYS * 86400_000),
        createdAt: new Date(now),
      });
    }
    if (!links.length) return links;
    await manager.query(
      `INSERT INTO parent_link (id, token_hash, school_id, parent_id, purpose, subject_id, expires_at)
       SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::timestamptz[])`,
      [
        links.map((l) => l.id),
        links.map((l) => l.tokenHash),
        links.map((l) => l.schoolId),
        links.map((l) => l.parentId),
        links.map((l) => l.purpose),
        links.map((l) => l.subjectId),
        links.map((l) => l.expiresAt),
      ],
    );
    return links;
  }

  tokenFor(linkId: string): string {
    return createHmac('sha256', this.config.linkSecret)
      .update(`parent-link:${linkId}`)
      .digest('base64url');
  }

  url(linkId: string): string {
    return `${this.config.publicBaseUrl}/p/${this.tokenFor(linkId)}`;
  }

  /** The link for a token, or null when unknown, malformed or expired (never says which). */
  async resolve(token: string): Promise<{ link: ParentLink; expired: boolean } | null> {
    if (!TOKEN_PATTERN.test(token)) return null;
    const hash = hashToken(token);
    const link = await this.dataSource.manager.findOneBy(ParentLink, { tokenHash: hash });
    if (!link || !timingSafeEqual(link.tokenHash, hash)) return null;
    return { link, expired: link.expiresAt.getTime() < Date.now() };
  }
}

/** SHA-256 of a link token, as stored (one-shot: no hash object per page). */
export function hashToken(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}
