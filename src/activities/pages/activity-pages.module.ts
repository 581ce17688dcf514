import { Module } from '@nestjs/common';
import { WorkspaceModule } from '../../workspace/workspace.module';

/** Staff pages for activities: scheduling, invitations, sign-ups, attendance, the calendar feed. */
@Module({
  imports: [WorkspaceModule],
  controllers: [],
  providers: [],
})
export class ActivityPagesModule {}
