import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DashboardService } from '../dashboard/dashboard.service';
import { StaffAccountsModule } from '../staff/staff-accounts.module';
import { StaffModule } from '../staff/staff.module';
import { Board } from './board.entity';
import { BoardOverviewService } from './board-overview.service';
import { School } from './school.entity';
import { SchoolsController } from './schools.controller';
import { SchoolsService } from './schools.service';

@Module({
  imports: [TypeOrmModule.forFeature([School, Board]), StaffModule, StaffAccountsModule],
  controllers: [SchoolsController],
  // DashboardService computes one school's figures; the board overview adds them up.
  providers: [SchoolsService, DashboardService, BoardOverviewService],
  exports: [SchoolsService, BoardOverviewService, DashboardService],
})
export class SchoolsModule {}
