import { Inject, Injectable } from '@nestjs/common';
import { PasswordsService } from '../auth/passwords.service';
import type { Actor, AnyActor, SchoolRole } from '../common/auth/actor';
import { APP_LOGGER, AppLogger } from '../common/logging/app-logger';
import { StaffMailer } from './staff-mailer';
import { Invitation, StaffService } from './staff.service';

/** Who sent an invitation, as the e-mail names them. */
export function inviterName(actor: AnyActor): string {
  if (actor.kind === 'staff') return actor.name ?? actor.email;
  return actor.kind === 'system' ? 'oudermaatje' : '';
}

/**
 * Inviting a colleague by e-mail, for the workspace's staff page and the API alike. The
 * membership is made at once (StaffService); the e-mail goes out in the background, so the
 * answer takes as long for an address that has an account as for a new one:
 * - a new account gets a one-time link to choose a password (PasswordsService + StaffMailer),
 *   and its membership counts from the start;
 * - an existing account gets a one-time link to accept or decline: until it accepts, the
 *   membership gives no access (and if its owner never chose the password, accepting leads
 *   on to choosing one). Nobody else sets or resets its password.
 */
@Injectable()
export class StaffInvitations {
  constructor(
    private readonly staff: StaffService,
    private readonly passwords: PasswordsService,
    private readonly mailer: StaffMailer,
    @Inject(APP_LOGGER) private readonly logger: AppLogger,
  ) {}

  async invite(
    actor: Actor,
    school: { id: string; name: string },
    person: { email: string; name: string; interfaceLanguage?: string },
    role: SchoolRole,
  ): Promise<Invitation> {
    const invitation = await this.staff.inviteToSchool(actor, school.id, person, role);
    void this.send(invitation, school.name, actor);
    return invitation;
  }

  async resend(actor: Actor, school: { id: string; name: string }, staffId: string): Promise<void> {
    const invitation = await this.staff.invitationToResend(actor, school.id, staffId);
    void this.send(invitation, school.name, actor);
  }

  /**
   * The e-mail of an invitation made already (in a transaction that committed), to a school
   * or a board called `place`. Never throws: a failed e-mail is logged, the invitation stays.
   */
  async send(invitation: Invitation, place: string, inviter: AnyActor): Promise<void> {
    const extra = { school: place, inviter: inviterName(inviter) };
    try {
      if (invitation.acceptToken)
        await this.mailer.sendAcceptLink(invitation, invitation.acceptToken, extra);
      else if (invitation.needsPassword) {
        const token = await this.passwords.issueInvite(invitation.staffId);
        await this.mailer.sendPasswordLink(invitation, 'invite', token, extra);
      } else await this.mailer.sendAdded(invitation, extra);
    } catch (err) {
      this.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'staff invitation not sent',
      );
    }
  }
}
