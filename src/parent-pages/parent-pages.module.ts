import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../activities/activities.module';
import { MatchingModule } from '../matching/matching.module';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { ParentsModule } from '../parents/parents.module';
import { CodeEntryController } from './code-entry.controller';
import { CodeEntryService } from './code-entry.service';
import { LinkAttemptsService } from './link-attempts.service';
import { ParentPageService } from './parent-page.service';
import { ParentPagesController } from './parent-pages.controller';

@Module({
  imports: [NotificationsCoreModule, MatchingModule, ParentsModule, ActivitiesModule],
  controllers: [ParentPagesController, CodeEntryController],
  providers: [ParentPageService, LinkAttemptsService, CodeEntryService],
})
export class ParentPagesModule {}
