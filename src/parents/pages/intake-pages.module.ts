import { Module } from '@nestjs/common';
import { WorkspaceModule } from '../../workspace/workspace.module';

/** Staff pages for the intake: enrolling a parent, changing one, importing the school's list. */
@Module({
  imports: [WorkspaceModule],
  controllers: [],
  providers: [],
})
export class IntakePagesModule {}
