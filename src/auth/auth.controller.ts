import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '../common/auth/actor';
import { CurrentActor, Public } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { StaffRepository } from '../staff/staff.repository';
import { NotFoundError } from '../common/errors/domain-error';
import { AuthService } from './auth.service';
import { TokenService } from './token.service';
import { LoginDto, LoginResultDto, MeDto } from './dto/login.dto';

@ApiTags('auth')
@Controller(API_V1)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokenService,
    private readonly staff: StaffRepository,
  ) {}

  @Post('auth/login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Staff e-mail and password for a short-lived access token' })
  @ApiOkResponse({ type: LoginResultDto })
  @ApiProblems(400, 401, 429)
  login(@Body() body: LoginDto, @Req() req: Request): Promise<LoginResultDto> {
    return this.auth.login(
      body.email,
      body.password,
      req.ip,
      typeof req.id === 'string' ? req.id : undefined,
    );
  }

  @Post('auth/logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Log the access token out',
    description:
      'The token sent is refused from now on (a revocation checked on every request), ' +
      'not only when it expires. Changing the password ends every token issued before.',
  })
  @ApiNoContentResponse({ description: 'Logged out' })
  @ApiProblems(401)
  async logout(@Req() req: Request): Promise<void> {
    // The guard has checked the token already; read it again to know which one to revoke.
    const header = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? '';
    await this.tokens.revoke(this.tokens.verifyClaims(token));
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The staff member behind the token, with roles and schools' })
  @ApiOkResponse({ type: MeDto })
  @ApiProblems(401)
  async me(@CurrentActor() actor: Actor): Promise<MeDto> {
    const member = await this.staff.findById(actor.staffId);
    if (!member) throw new NotFoundError('Staff member');
    const schools = await this.staff.schoolNames([...actor.schoolRoles.keys()]);
    return {
      id: member.id,
      email: member.email,
      name: member.name,
      interfaceLanguage: member.interfaceLanguage,
      isPlatformAdmin: member.isPlatformAdmin,
      boards: [...actor.adminOfBoards],
      schools: schools.map((s) => ({ id: s.id, name: s.name, role: actor.schoolRoles.get(s.id)! })),
    };
  }
}
