import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../../activities/activities.module';
import { MatchingModule } from '../../matching/matching.module';
import { WorkspaceModule } from '../../workspace/workspace.module';
import { NotificationsCoreModule } from '../notifications-core.module';
import { NotificationsModule } from '../notifications.module';
import { TaskOutcomesService } from '../task-outcomes.service';
import { MessagePagesController } from './message-pages.controller';
import { TaskPagesController } from './task-pages.controller';

/** Staff pages for messages: the consultant's tasks, printable letters, and the list of messages sent. */
@Module({
  imports: [
    WorkspaceModule,
    NotificationsModule,
    NotificationsCoreModule,
    MatchingModule,
    ActivitiesModule,
  ],
  controllers: [TaskPagesController, MessagePagesController],
  providers: [TaskOutcomesService],
})
export class NotificationPagesModule {}
