import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { LinkTokensService } from './link-tokens.service';

/** No 0/O, 1/I: letters and digits a parent cannot confuse when typing from paper. */
export const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 8 characters of 5 bits: 40 bits, guessed online only, 30 wrong tries per 15 minutes. */
export const CODE_LENGTH = 8;
const MAX_SEQ = 5;

/** What a parent typed, as a code: upper case, without spaces and dashes; null when it cannot be one. */
export function normalizeCode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const code = input.toUpperCase().replace(/[\s\-‐‑–—_.]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  for (const c of code) if (!CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** ABCD2345 → ABCD-2345 (easier to read out and to type). */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * Short codes for parents' links, printed on letters next to the QR code: typed at /c
 * instead of the 43-character link. A code is derived from the link id with the server's
 * link secret (so a reprinted letter shows the same code) and stored only as an HMAC, with a
 * unique index: a collision with another link's code takes the next derived code.
 */
@Injectable()
export class ShortCodesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly links: LinkTokensService,
  ) {}

  /** The code of each link (made on first use), formatted as ABCD-2345. */
  async codesFor(linkIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const m = manager ?? this.dataSource.manager;
    const ids = [...new Set(linkIds)];
    const out = new Map<string, string>();
    if (!ids.length) return out;
    const known = async (wanted: string[]): Promise<void> => {
      const rows: { link_id: string; seq: number }[] = await m.query(
        `SELECT link_id, seq FROM parent_link_code WHERE link_id = ANY($1::uuid[])`,
        [wanted],
      );
      for (const r of rows) out.set(r.link_id, formatCode(this.derive(r.link_id, r.seq)));
    };
    await known(ids);
    for (let seq = 0; seq <= MAX_SEQ; seq++) {
      const missing = ids.filter((id) => !out.has(id));
      if (!missing.length) break;
      const hashes = missing.map((id) => this.hash(this.derive(id, seq)));
      // Links removed meanwhile (an erased parent) are left out by the join.
      await m.query(
        `INSERT INTO parent_link_code (code_hash, link_id, seq)
         SELECT c.code_hash, c.link_id, $3 FROM unnest($1::bytea[], $2::uuid[]) AS c(code_hash, link_id)
         JOIN parent_link l ON l.id = c.link_id
         ON CONFLICT DO NOTHING`,
        [hashes, missing, seq],
      );
      await known(missing);
    }
    return out;
  }

  async codeFor(linkId: string, manager?: EntityManager): Promise<string | undefined> {
    return (await this.codesFor([linkId], manager)).get(linkId);
  }

  /** The /p/{token} path of a typed code, or null when it is not a valid, known code. */
  async resolve(code: string): Promise<string | null> {
    const normalized = normalizeCode(code);
    if (!normalized) return null;
    const rows: { link_id: string }[] = await this.dataSource.query(
      `SELECT link_id FROM parent_link_code WHERE code_hash = $1`,
      [this.hash(normalized)],
    );
    return rows.length ? `/p/${this.links.tokenFor(rows[0].link_id)}` : null;
  }

  /** The short link of a code, for an SMS: `{PUBLIC_BASE_URL}/c/ABCD-2345` (opens the parent's page). */
  shortLink(code: string): string {
    return `${this.config.publicBaseUrl.replace(/\/$/, '')}/c/${code}`;
  }

  /** The address parents type the code at, without the scheme: "school.example/c". */
  entryAddress(): string {
    const url = new URL(this.config.publicBaseUrl);
    return `${url.host}${url.pathname.replace(/\/$/, '')}/c`;
  }

  private derive(linkId: string, seq: number): string {
    const bytes = createHmac('sha256', this.config.linkSecret)
      .update(`short-code:${linkId}:${seq}`)
      .digest();
    let bits = 0;
    let value = 0;
    let code = '';
    for (const byte of bytes) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5 && code.length < CODE_LENGTH) {
        code += CODE_ALPHABET[(value >>> (bits - 5)) & 31];
        bits -= 5;
      }
      value &= (1 << bits) - 1;
      if (code.length === CODE_LENGTH) break;
    }
    return code;
  }

  private hash(code: string): Buffer {
    return createHmac('sha256', this.config.linkSecret).update(`short-code-hash:${code}`).digest();
  }
}
