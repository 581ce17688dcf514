import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { SchoolsModule } from '../schools/schools.module';
import { StaffAccountsModule } from '../staff/staff-accounts.module';
import { StaffModule } from '../staff/staff.module';
import { AssetsController } from './assets.controller';
import { WorkspaceErrorFilter } from './workspace-error.filter';
import { WorkspaceController } from './workspace.controller';
import { WorkspaceService } from './workspace.service';

/**
 * The shell of the staff workspace: sessions, login, the layout and navigation, the home
 * page. Each area's pages live in that area's folder (src/parents/pages, ...) and import
 * this module for WorkspaceService; no domain logic lives here.
 */
@Module({
  imports: [AuthModule, SchoolsModule, StaffModule, StaffAccountsModule, NotificationsModule],
  controllers: [WorkspaceController, AssetsController],
  providers: [WorkspaceService, WorkspaceErrorFilter],
  exports: [WorkspaceService, WorkspaceErrorFilter, AuthModule, StaffAccountsModule],
})
export class WorkspaceModule {}
