import { Module } from '@nestjs/common';
import { WorkspaceModule } from '../../workspace/workspace.module';

/** Staff pages for messages: the consultant's tasks, printable letters, and the list of messages sent. */
@Module({
  imports: [WorkspaceModule],
  controllers: [],
  providers: [],
})
export class NotificationPagesModule {}
