import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { TooManyRequestsError, UnauthenticatedError } from '../common/errors/domain-error';
import { StaffRepository } from '../staff/staff.repository';
import { LoginThrottleService, loginKeys } from './login-throttle.service';
import { dummyVerify, verifyPassword } from './password';
import { TokenService } from './token.service';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly staff: StaffRepository,
    private readonly throttle: LoginThrottleService,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  async login(
    email: string,
    password: string,
    ip: string | undefined,
    requestId?: string,
  ): Promise<LoginResult> {
    const staffId = await this.verifyCredentials(email, password, ip, requestId);
    return {
      accessToken: this.tokens.issue(staffId),
      tokenType: 'Bearer',
      expiresIn: this.tokens.ttlSeconds,
    };
  }

  /** Checks e-mail and password under the login throttle; returns the staff id. */
  async verifyCredentials(
    email: string,
    password: string,
    ip: string | undefined,
    requestId?: string,
  ): Promise<string> {
    const keys = loginKeys(email, ip);
    const attempt = await this.throttle.attempt(keys);
    if (!attempt.allowed) {
      throw new TooManyRequestsError(
        'auth.locked',
        'Too many failed attempts. Wait a while before trying again.',
        attempt.lockedForSeconds,
      );
    }
    const member = await this.staff.findByEmailWithHash(email.trim());
    const ok = member
      ? await verifyPassword(member.passwordHash, password)
      : await dummyVerify(password);
    if (!ok || !member) {
      await this.audit.record(null, {
        schoolId: null,
        action: 'login.failed',
        entityType: member ? 'staff' : undefined,
        entityId: member?.id,
        details: { ip: ip ?? null, requestId: requestId ?? null },
      });
      // Slow down repeated guessing; the same for known and unknown accounts.
      await sleep(this.throttle.delayFor(attempt.attempts));
      throw new UnauthenticatedError(
        'auth.invalid_credentials',
        'E-mail address or password is not correct.',
      );
    }
    await this.throttle.succeed(keys);
    await this.audit.record(null, {
      schoolId: null,
      action: 'login.succeeded',
      entityType: 'staff',
      entityId: member.id,
      details: { ip: ip ?? null },
    });
    return member.id;
  }
}
