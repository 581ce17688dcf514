import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsCoreModule } from '../notifications/notifications-core.module';
import { ParentImportController } from './import/parent-import.controller';
import { ParentImportService } from './import/parent-import.service';
import { Parent } from './parent.entity';
import { ParentsController } from './parents.controller';
import { ParentsRepository } from './parents.repository';
import { ParentsService } from './parents.service';

@Module({
  imports: [TypeOrmModule.forFeature([Parent]), NotificationsCoreModule],
  controllers: [ParentImportController, ParentsController],
  providers: [ParentsService, ParentsRepository, ParentImportService],
  exports: [ParentsService, ParentsRepository, ParentImportService],
})
export class ParentsModule {}
