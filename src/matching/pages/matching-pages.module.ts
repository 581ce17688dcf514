import { Module } from '@nestjs/common';
import { WorkspaceModule } from '../../workspace/workspace.module';

/** Staff pages for matching: runs and proposals, and the follow-up of pairs. */
@Module({
  imports: [WorkspaceModule],
  controllers: [],
  providers: [],
})
export class MatchingPagesModule {}
