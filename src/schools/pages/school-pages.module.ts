import { Module } from '@nestjs/common';
import { WorkspaceModule } from '../../workspace/workspace.module';

/** Staff pages for school administrators and boards: settings, staff, the audit log, the board's schools. */
@Module({
  imports: [WorkspaceModule],
  controllers: [],
  providers: [],
})
export class SchoolPagesModule {}
