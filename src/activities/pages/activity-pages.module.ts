import { Module } from '@nestjs/common';
import { ParentsModule } from '../../parents/parents.module';
import { WorkspaceModule } from '../../workspace/workspace.module';
import { ActivitiesModule } from '../activities.module';
import { ActivityAttendancePagesController } from './activity-attendance-pages.controller';
import { ActivityInvitePagesController } from './activity-invite-pages.controller';
import { ActivityPageData } from './activity-page-data';
import { ActivityPagesController } from './activity-pages.controller';
import { CalendarFeedController } from './calendar-feed.controller';

/** Staff pages for activities: scheduling, invitations, sign-ups, attendance, the calendar feed. */
@Module({
  imports: [WorkspaceModule, ActivitiesModule, ParentsModule],
  controllers: [
    ActivityPagesController,
    ActivityInvitePagesController,
    ActivityAttendancePagesController,
    CalendarFeedController,
  ],
  providers: [ActivityPageData],
})
export class ActivityPagesModule {}
