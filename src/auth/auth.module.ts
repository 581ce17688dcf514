import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StaffModule } from '../staff/staff.module';
import { ActorResolver } from './actor.resolver';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.entity';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordsService } from './passwords.service';
import { StaffSessionService } from './staff-session.service';
import { SchoolAccessGuard } from './school-access.guard';
import { TokenService } from './token.service';

@Module({
  imports: [TypeOrmModule.forFeature([LoginThrottle]), StaffModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    LoginThrottleService,
    ActorResolver,
    StaffSessionService,
    PasswordsService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: SchoolAccessGuard },
  ],
  exports: [TokenService, AuthService, ActorResolver, StaffSessionService, PasswordsService],
})
export class AuthModule {}
