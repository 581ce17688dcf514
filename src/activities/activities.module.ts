import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesRepository } from './activities.repository';
import { ActivitiesService } from './activities.service';
import { Activity } from './activity.entity';
import { ActivityAttendance } from './activity-attendance.entity';
import { ActivityHost } from './activity-host.entity';
import { ActivityInvitation } from './activity-invitation.entity';
import { ActivityMessages } from './activity-messages';
import { ActivityParticipantsController } from './activity-participants.controller';
import { ActivityRemindersTask } from './activity-reminders.task';
import { ActivityRsvp } from './activity-rsvp.entity';
import { AttendanceService } from './attendance.service';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedService } from './calendar-feed.service';
import { CalendarService } from './calendar.service';
import { Clock } from './clock';
import { InvitationsService } from './invitations.service';
import { RsvpService } from './rsvp.service';

/**
 * Low-threshold activities: scheduling, invitations, sign-ups with capacity and a waitlist,
 * reminders, attendance and calendar files. RsvpService is exported for the parent pages,
 * AttendanceService (reach) for the dashboard, the services for the workspace's pages.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Activity,
      ActivityRsvp,
      ActivityHost,
      ActivityInvitation,
      ActivityAttendance,
      CalendarFeed,
    ]),
    NotificationsCoreModule,
  ],
  controllers: [ActivitiesController, ActivityParticipantsController],
  providers: [
    Clock,
    ActivitiesRepository,
    ActivityMessages,
    ActivitiesService,
    RsvpService,
    InvitationsService,
    AttendanceService,
    CalendarService,
    CalendarFeedService,
    ActivityRemindersTask,
  ],
  exports: [
    RsvpService,
    AttendanceService,
    CalendarService,
    Clock,
    // For the staff workspace's activity pages (src/activities/pages).
    ActivitiesService,
    ActivitiesRepository,
    InvitationsService,
    CalendarFeedService,
  ],
})
export class ActivitiesModule {}
