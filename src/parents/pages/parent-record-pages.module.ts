import { Module } from '@nestjs/common';
import { WorkspaceModule } from '../../workspace/workspace.module';

/** Staff pages about parents: the list with search and filters, and one parent's page with its actions. */
@Module({
  imports: [WorkspaceModule],
  controllers: [],
  providers: [],
})
export class ParentRecordPagesModule {}
