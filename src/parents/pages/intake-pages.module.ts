import { Module } from '@nestjs/common';
import { SchoolsModule } from '../../schools/schools.module';
import { TaxonomyModule } from '../../taxonomy/taxonomy.module';
import { WorkspaceModule } from '../../workspace/workspace.module';
import { ParentsModule } from '../parents.module';
import { ImportPagesController } from './import-pages.controller';
import { IntakePagesController } from './intake-pages.controller';

/** Staff pages for the intake: enrolling a parent, changing one, importing the school's list. */
@Module({
  imports: [WorkspaceModule, ParentsModule, SchoolsModule, TaxonomyModule],
  controllers: [ImportPagesController, IntakePagesController],
  providers: [],
})
export class IntakePagesModule {}
