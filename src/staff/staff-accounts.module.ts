import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { StaffInvitations } from './staff-invitations';
import { StaffMailer } from './staff-mailer';
import { StaffController } from './staff.controller';
import { StaffModule } from './staff.module';

/**
 * Staff accounts as people: invitations by e-mail (a link to choose one's own password)
 * and the staff API. Apart from StaffModule because it needs AuthModule's password links,
 * and AuthModule needs StaffModule.
 */
@Module({
  imports: [StaffModule, AuthModule, NotificationsModule],
  controllers: [StaffController],
  providers: [StaffMailer, StaffInvitations],
  exports: [StaffMailer, StaffInvitations],
})
export class StaffAccountsModule {}
