import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/notifications.module';
import { StaffModule } from '../../staff/staff.module';
import { WorkspaceModule } from '../../workspace/workspace.module';
import { SchoolsModule } from '../schools.module';
import { AuditPagesController } from './audit-pages.controller';
import { BoardPagesController } from './board-pages.controller';
import { SettingsPagesController } from './settings-pages.controller';
import { StaffInvitations } from './staff-invitations';
import { StaffPagesController } from './staff-pages.controller';

/** Staff pages for school administrators and boards: settings, staff, the audit log, the board's schools. */
@Module({
  imports: [WorkspaceModule, SchoolsModule, StaffModule, NotificationsModule],
  controllers: [
    StaffPagesController,
    SettingsPagesController,
    AuditPagesController,
    BoardPagesController,
  ],
  providers: [StaffInvitations],
})
export class SchoolPagesModule {}
