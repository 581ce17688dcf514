import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../config/config';
import { UnauthenticatedError } from '../common/errors/domain-error';

interface AccessClaims {
  sub: string;
  typ: 'staff-access';
}

/** Short-lived staff access tokens: HS256 only, expiry and signature always checked. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.jwt = new JwtService({
      secret: config.jwtSecret,
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
    return this.jwt.sign({ sub: staffId, typ: 'staff-access' } satisfies AccessClaims);
  }

  /** Returns the staff id, or throws UnauthenticatedError. */
  verify(token: string): string {
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
    if (claims.typ !== 'staff-access' || typeof claims.sub !== 'string')
      throw new UnauthenticatedError('auth.token_invalid', 'The access token is not valid.');
    return claims.sub;
  }
}
