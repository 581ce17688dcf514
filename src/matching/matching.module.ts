import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { Match } from './match.entity';
import { MatchFollowUpTask } from './match-follow-up.task';
import { MatchLifecycleService } from './match-lifecycle.service';
import { MatchPresenter } from './match.presenter';
import { MatchRule } from './match-rule.entity';
import { MatchRulesService } from './match-rules.service';
import { MatchesController } from './matches.controller';
import { MatchingRun } from './matching-run.entity';
import { MatchingRunService } from './matching-run.service';
import { MatchingController } from './matching.controller';
import { MatchingRepository } from './matching.repository';
import { ReasonTextService } from './reason-text.service';
import { MatchingRunPool, RecruitmentPool } from './run/matching-run.pool';

@Module({
  imports: [TypeOrmModule.forFeature([Match, MatchingRun, MatchRule]), NotificationsCoreModule],
  controllers: [MatchingController, MatchesController],
  providers: [
    MatchingRepository,
    MatchingRunService,
    MatchingRunPool,
    RecruitmentPool,
    MatchLifecycleService,
    MatchRulesService,
    MatchPresenter,
    ReasonTextService,
    MatchFollowUpTask,
  ],
  exports: [
    MatchLifecycleService,
    MatchingRepository,
    ReasonTextService,
    MatchingRunService,
    MatchRulesService,
    MatchPresenter,
  ],
})
export class MatchingModule {}
