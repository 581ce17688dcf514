import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { SchoolsModule } from '../schools/schools.module';
import { WorkspaceModule } from '../workspace/workspace.module';
import { DashboardPageController } from './dashboard-page.controller';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [AuthModule, SchoolsModule, WorkspaceModule],
  controllers: [DashboardController, DashboardPageController],
  providers: [DashboardService],
})
export class DashboardModule {}
