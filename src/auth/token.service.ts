import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/config';
import { UnauthenticatedError } from '../common/errors/domain-error';

interface AccessClaims {
  sub: string;
  typ: 'staff-access';
  /** The token's own id, so that logging out can revoke this one token. */
  jti: string;
  iat?: number;
  exp?: number;
}

export interface VerifiedToken {
  staffId: string;
  jti: string;
  /** Seconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const revoked = (): UnauthenticatedError =>
  new UnauthenticatedError('auth.token_revoked', 'This access token was logged out; log in again.');

/**
 * Short-lived staff access tokens: HS256 only, expiry and signature always checked. A token
 * ends early when it is logged out (a revocation row) or when its owner's password changed
 * after it was issued.
 */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.jwt = new JwtService({
      // A key object made once: given a string, the JWT library tries to parse it as a public
      // key on every verification (and fails) before taking it as a secret.
      secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
      signOptions: {
        algorithm: 'HS256',
        expiresIn: config.jwtTtlSeconds,
        issuer: 'oudermaatje',
        audience: 'staff',
      },
      verifyOptions: { algorithms: ['HS256'], issuer: 'oudermaatje', audience: 'staff' },
    });
  }

  get ttlSeconds(): number {
    return this.config.jwtTtlSeconds;
  }

  issue(staffId: string): string {
    return this.jwt.sign({
      sub: staffId,
      typ: 'staff-access',
      jti: randomUUID(),
    } satisfies AccessClaims);
  }

  /** Returns the staff id, or throws UnauthenticatedError (signature and expiry only). */
  verify(token: string): string {
    return this.verifyClaims(token).staffId;
  }

  verifyClaims(token: string): VerifiedToken {
    let claims: AccessClaims;
    try {
      claims = this.jwt.verify<AccessClaims & object>(token);
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new UnauthenticatedError(
        expired ? 'auth.token_expired' : 'auth.token_invalid',
        expired ? 'The access token has expired; log in again.' : 'The access token is not valid.',
      );
    }
    if (
      claims.typ !== 'staff-access' ||
      typeof claims.sub !== 'string' ||
      !UUID.test(claims.sub) ||
      typeof claims.jti !== 'string' ||
      !UUID.test(claims.jti)
    )
      throw new UnauthenticatedError('auth.token_invalid', 'The access token is not valid.');
    return {
      staffId: claims.sub,
      jti: claims.jti,
      issuedAt: Number(claims.iat ?? 0),
      expiresAt: Number(claims.exp ?? 0),
    };
  }

  /** Logs one token out: it is refused from now on, until it would have expired anyway. */
  async revoke(token: VerifiedToken): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO revoked_token (jti, staff_id, expires_at) VALUES ($1, $2, to_timestamp($3))
       ON CONFLICT (jti) DO NOTHING`,
      [token.jti, token.staffId, token.expiresAt],
    );
    // Rows of tokens that expired are of no use any more (a few at a time).
    await this.dataSource.query(
      `DELETE FROM revoked_token WHERE jti IN (
         SELECT jti FROM revoked_token WHERE expires_at < now() LIMIT 200)`,
    );
  }
}

/** Whether a token was logged out, and when its owner last changed their password. */
export interface TokenState {
  revoked: boolean;
  changed_at: number | null;
}

/**
 * The columns of TokenState for a token id and a staff id given as SQL expressions: read
 * alone by check(), or in the statement that reads the actor (ActorResolver.resolveToken).
 */
export const TOKEN_STATE_COLUMNS = (jti: string, staffId: string): string =>
  `EXISTS (SELECT 1 FROM revoked_token WHERE jti = ${jti}) AS revoked,
   (SELECT floor(EXTRACT(EPOCH FROM password_changed_at))::float8 FROM staff WHERE id = ${staffId}) AS changed_at`;

/** A token is taken when not logged out and issued no earlier than the last password change. */
export function assertCurrent(token: VerifiedToken, state: TokenState | undefined): void {
  if (state?.revoked) throw revoked();
  // Within the second of the change a token is still taken (JWT times are whole seconds).
  if (state?.changed_at != null && token.issuedAt < Number(state.changed_at)) throw revoked();
}
