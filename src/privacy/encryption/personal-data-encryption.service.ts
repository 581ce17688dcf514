import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DataCipher } from './data-cipher';
import { dataCipher, emailHash, phoneHash } from './field-encryption';

/** The SQL form of DataCipher's CIPHERTEXT_PATTERN (a value in our encrypted form). */
const SEALED = `'^v1:[A-Za-z0-9_-]{8}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]*$'`;

export type EncryptionPass = 'clear' | 'rotate';

export interface EncryptionCounts {
  /** Parents whose e-mail, phone or note was (re-)encrypted in this call. */
  parents: number;
  /** Messages whose recipient address was (re-)encrypted in this call. */
  messages: number;
}

interface ParentRow {
  id: string;
  email: string | null;
  phone: string | null;
  intake_note: string | null;
}

interface MessageRow {
  id: string;
  recipient: string;
}

/**
 * Keeps personal columns encrypted with the current key, in batches, set-based:
 * - pass 'clear': values still in clear text (rows from before encryption at rest) are
 *   encrypted and get their lookup hashes; the worker runs this after every start.
 * - pass 'rotate': every value not written with the current key is rewritten with it, and
 *   its lookup hash recomputed (`npm run cli -- rotate-key`).
 * Rows are taken with FOR UPDATE SKIP LOCKED in a transaction, so a concurrent edit is never
 * overwritten and several workers do not collide.
 */
@Injectable()
export class PersonalDataEncryptionService {
  constructor(private readonly dataSource: DataSource) {}

  /** One batch of each table; returns how many rows changed (0: nothing left to do). */
  async runBatch(pass: EncryptionPass, batchSize = 500): Promise<EncryptionCounts> {
    const cipher = dataCipher();
    return this.dataSource.transaction(async (m) => ({
      parents: await this.parentsBatch(m, cipher, pass, batchSize),
      messages: await this.messagesBatch(m, cipher, pass, batchSize),
    }));
  }

  /** Batches until nothing is left; `onBatch` hears the running totals. */
  async runAll(
    pass: EncryptionPass,
    batchSize = 500,
    onBatch?: (total: EncryptionCounts) => void,
  ): Promise<EncryptionCounts> {
    const total: EncryptionCounts = { parents: 0, messages: 0 };
    for (;;) {
      const batch = await this.runBatch(pass, batchSize);
      total.parents += batch.parents;
      total.messages += batch.messages;
      if (!batch.parents && !batch.messages) return total;
      onBatch?.(total);
    }
  }

  /** How many rows a pass would still change. */
  async pending(pass: EncryptionPass): Promise<EncryptionCounts> {
    const cipher = dataCipher();
    const [p] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM parent WHERE ${parentCondition(pass)}`,
      pass === 'rotate' ? [currentPrefix(cipher)] : [],
    );
    const [n] = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notification WHERE ${messageCondition(pass)}`,
      pass === 'rotate' ? [currentPrefix(cipher)] : [],
    );
    return { parents: p.n, messages: n.n };
  }

  private async parentsBatch(
    m: EntityManager,
    cipher: DataCipher,
    pass: EncryptionPass,
    limit: number,
  ): Promise<number> {
    const params: unknown[] = [limit];
    if (pass === 'rotate') params.push(currentPrefix(cipher));
    const rows: ParentRow[] = await m.query(
      `SELECT id, email, phone, intake_note FROM parent
        WHERE ${parentCondition(pass, '$2')}
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      params,
    );
    if (!rows.length) return 0;
    const reseal = (v: string | null): string | null =>
      v === null || v === '' ? v : cipher.encrypt(cipher.open(v));
    const clear = rows.map((r) => ({
      id: r.id,
      email: r.email === null ? null : cipher.open(r.email),
      phone: r.phone === null ? null : cipher.open(r.phone),
    }));
    await m.query(
      `UPDATE parent p
          SET email = u.email, phone = u.phone, intake_note = u.intake_note,
              email_hash = u.email_hash, phone_hash = u.phone_hash
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS u(id, email, phone, intake_note, email_hash, phone_hash)
        WHERE p.id = u.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => reseal(r.email)),
        rows.map((r) => reseal(r.phone)),
        rows.map((r) => reseal(r.intake_note)),
        clear.map((r) => emailHash(r.email)),
        clear.map((r) => phoneHash(r.phone)),
      ],
    );
    return rows.length;
  }

  private async messagesBatch(
    m: EntityManager,
    cipher: DataCipher,
    pass: EncryptionPass,
    limit: number,
  ): Promise<number> {
    const params: unknown[] = [limit];
    if (pass === 'rotate') params.push(currentPrefix(cipher));
    const rows: MessageRow[] = await m.query(
      `SELECT id, recipient FROM notification
        WHERE ${messageCondition(pass, '$2')}
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      params,
    );
    if (!rows.length) return 0;
    await m.query(
      `UPDATE notification n SET recipient = u.recipient
         FROM unnest($1::uuid[], $2::text[]) AS u(id, recipient)
        WHERE n.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => cipher.encrypt(cipher.open(r.recipient)))],
    );
    return rows.length;
  }
}

/** `v1:<current key id>:%`, for LIKE. */
function currentPrefix(cipher: DataCipher): string {
  return `v1:${cipher.current.id}:%`;
}

function stale(column: string, pass: EncryptionPass, prefixParam: string): string {
  return pass === 'clear'
    ? `(${column} <> '' AND ${column} !~ ${SEALED})`
    : `(${column} <> '' AND ${column} NOT LIKE ${prefixParam})`;
}

function parentCondition(pass: EncryptionPass, prefixParam = '$1'): string {
  return `(${['email', 'phone', 'intake_note'].map((c) => stale(c, pass, prefixParam)).join(' OR ')}
           OR (email <> '' AND email_hash IS NULL) OR (phone <> '' AND phone_hash IS NULL))`;
}

function messageCondition(pass: EncryptionPass, prefixParam = '$1'): string {
  return `(recipient IS NOT NULL AND recipient NOT LIKE 'task:%' AND ${stale('recipient', pass, prefixParam)})`;
}
