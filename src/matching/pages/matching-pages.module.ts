import { Module } from '@nestjs/common';
import { WorkspaceModule } from '../../workspace/workspace.module';
import { MatchingModule } from '../matching.module';
import { MatchPagesController } from './match-pages.controller';
import { MatchingPageTexts } from './matching-page-texts';
import { MatchingPagesQueries } from './matching-pages.queries';
import { MatchingRunPagesController } from './matching-run-pages.controller';

/** Staff pages for matching: runs and proposals, and the follow-up of pairs. */
@Module({
  imports: [WorkspaceModule, MatchingModule],
  controllers: [MatchingRunPagesController, MatchPagesController],
  providers: [MatchingPagesQueries, MatchingPageTexts],
})
export class MatchingPagesModule {}
