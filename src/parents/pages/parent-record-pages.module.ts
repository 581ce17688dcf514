import { Module } from '@nestjs/common';
import { MatchingModule } from '../../matching/matching.module';
import { NotificationsModule } from '../../notifications/notifications.module';
import { PrivacyModule } from '../../privacy/privacy.module';
import { TaxonomyModule } from '../../taxonomy/taxonomy.module';
import { WorkspaceModule } from '../../workspace/workspace.module';
import { ParentsModule } from '../parents.module';
import { ParentRecordController } from './parent-record.controller';
import { ParentRecordQueries } from './parent-record.queries';
import { ParentsListController } from './parents-list.controller';

/** Staff pages about parents: the list with search and filters, and one parent's page with its actions. */
@Module({
  imports: [
    WorkspaceModule,
    ParentsModule,
    PrivacyModule,
    MatchingModule,
    NotificationsModule,
    TaxonomyModule,
  ],
  controllers: [ParentsListController, ParentRecordController],
  providers: [ParentRecordQueries],
})
export class ParentRecordPagesModule {}
