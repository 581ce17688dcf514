import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/actor';
import { UnauthenticatedError, ValidationError } from '../common/errors/domain-error';
import { StaffRepository } from '../staff/staff.repository';
import { hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './password';
import { PasswordLinkPurpose } from './password-link.entity';
import { StaffSessionService } from './staff-session.service';

const LINK_HOURS: Record<PasswordLinkPurpose, number> = { reset: 1, invite: 24 * 7 };
/** At most this many reset links per account per hour: a form cannot be used to flood a mailbox. */
const RESETS_PER_HOUR = 3;
const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

export interface IssuedLink {
  staffId: string;
  email: string;
  name: string;
  interfaceLanguage: string;
  token: string;
}

/** Changing a password, and one-time links to set one (forgotten password, a new colleague). */
@Injectable()
export class PasswordsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staff: StaffRepository,
    private readonly sessions: StaffSessionService,
    private readonly audit: AuditService,
  ) {}

  /** Refuses a password that is too short or too long, naming the field. */
  private checkNew(password: string, field: string): void {
    if (password.length < PASSWORD_MIN_LENGTH || password.length > 256)
      throw new ValidationError(
        'password.too_short',
        `A password has at least ${PASSWORD_MIN_LENGTH} characters.`,
        [{ field, messages: [`${field} must have at least ${PASSWORD_MIN_LENGTH} characters`] }],
      );
  }

  /** The staff member changes their own password; their other sessions end. */
  async changeOwn(
    actor: Actor,
    current: string,
    next: string,
    keepSessionId: string,
  ): Promise<void> {
    const member = await this.staff.findByEmailWithHash(actor.email);
    if (!member || !(await verifyPassword(member.passwordHash, current)))
      throw new ValidationError('password.current_wrong', 'The current password is not correct.', [
        { field: 'currentPassword', messages: ['currentPassword is not correct'] },
      ]);
    this.checkNew(next, 'newPassword');
    await this.setPassword(member.id, next);
    await this.sessions.endAllOf(member.id, keepSessionId);
    await this.audit.record(actor, {
      schoolId: null,
      action: 'staff.password_changed',
      entityType: 'staff',
      entityId: member.id,
    });
  }

  /**
   * A one-time link for an address, when an account has it. The answer never tells the
   * caller whether the account exists: undefined for unknown addresses and for too many requests.
   */
  async issueReset(email: string): Promise<IssuedLink | undefined> {
    const member = await this.staff.findByEmailWithHash(email.trim());
    if (!member) return undefined;
    const [recent]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM password_link
        WHERE staff_id = $1 AND purpose = 'reset' AND created_at > now() - interval '1 hour'`,
      [member.id],
    );
    if (recent.n >= RESETS_PER_HOUR) return undefined;
    const token = await this.issue(member.id, 'reset');
    await this.audit.record(null, {
      schoolId: null,
      action: 'staff.password_reset_requested',
      entityType: 'staff',
      entityId: member.id,
    });
    return {
      staffId: member.id,
      email: member.email,
      name: member.name,
      interfaceLanguage: member.interfaceLanguage,
      token,
    };
  }

  /** A link for a new staff member to choose their own password (valid for a week). */
  async issueInvite(staffId: string): Promise<string> {
    return this.issue(staffId, 'invite');
  }

  private async issue(staffId: string, purpose: PasswordLinkPurpose): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.dataSource.query(
      `INSERT INTO password_link (token_hash, staff_id, purpose, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4))`,
      [hashOf(token), staffId, purpose, LINK_HOURS[purpose]],
    );
    return token;
  }

  /** Whether a link can still be used, and for what (without using it). */
  async peek(token: string): Promise<PasswordLinkPurpose | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    const rows: { purpose: PasswordLinkPurpose }[] = await this.dataSource.query(
      `SELECT purpose FROM password_link WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
      [hashOf(token)],
    );
    return rows[0]?.purpose;
  }

  /** Sets the password through a link, once; every session of the account ends. */
  async useLink(token: string, password: string): Promise<{ staffId: string }> {
    this.checkNew(password, 'newPassword');
    const hash = await hashPassword(password);
    const staffId = await this.dataSource.transaction(async (m) => {
      // An UPDATE … RETURNING answers [rows, affected count].
      const rows: { staff_id: string }[] = /^[A-Za-z0-9_-]{20,100}$/.test(token)
        ? await m
            .query(
              `UPDATE password_link SET used_at = now()
                WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
                RETURNING staff_id`,
              [hashOf(token)],
            )
            .then((r: [{ staff_id: string }[], number]) => r[0])
        : [];
      if (!rows[0])
        throw new UnauthenticatedError(
          'password.link_invalid',
          'This link has expired or was used already. Ask for a new one.',
        );
      // Any other open link of the account is spent too.
      await m.query(
        `UPDATE password_link SET used_at = now() WHERE staff_id = $1 AND used_at IS NULL`,
        [rows[0].staff_id],
      );
      // An account its owner never chose a password for was added to schools or boards by
      // e-mails that carried such a link: choosing the password accepts those memberships.
      // (One added while the owner used the account waits for its own link to accept.)
      await m.query(
        `UPDATE membership SET accepted_at = now()
          WHERE staff_id = $1 AND accepted_at IS NULL AND accept_token_hash IS NULL`,
        [rows[0].staff_id],
      );
      // The link went to the account's own address: its owner chose this password.
      await m.query(
        `UPDATE staff SET password_hash = $2, password_changed_at = now(), password_set_by_owner = true
          WHERE id = $1`,
        [rows[0].staff_id, hash],
      );
      return rows[0].staff_id;
    });
    await this.sessions.endAllOf(staffId);
    await this.audit.record(null, {
      schoolId: null,
      action: 'staff.password_set_by_link',
      entityType: 'staff',
      entityId: staffId,
    });
    return { staffId };
  }

  private async setPassword(staffId: string, password: string): Promise<void> {
    const hash = await hashPassword(password);
    await this.dataSource.query(
      `UPDATE staff SET password_hash = $2, password_changed_at = now() WHERE id = $1`,
      [staffId, hash],
    );
  }
}
