import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ParentImportController } from './import/parent-import.controller';
import { ImportJobService } from './import/import-job.service';
import { ParentImportService } from './import/parent-import.service';
import { Parent } from './parent.entity';
import { ParentsController } from './parents.controller';
import { ParentsRepository } from './parents.repository';
import { ParentsService } from './parents.service';

@Module({
  imports: [TypeOrmModule.forFeature([Parent]), NotificationsCoreModule, PrivacyModule],
  controllers: [ParentImportController, ParentsController],
  providers: [ParentsService, ParentsRepository, ParentImportService, ImportJobService],
  exports: [ParentsService, ParentsRepository, ParentImportService, ImportJobService],
})
export class ParentsModule {}
