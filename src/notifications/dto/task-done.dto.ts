import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TASK_OUTCOMES, TaskOutcome } from '../task-outcome';

/** What a consultant can record herself (the others are set by the system). */
export const STAFF_TASK_OUTCOMES = TASK_OUTCOMES.filter(
  (o): o is Exclude<TaskOutcome, 'answered' | 'no_longer_needed'> =>
    o !== 'answered' && o !== 'no_longer_needed',
);
export type StaffTaskOutcome = (typeof STAFF_TASK_OUTCOMES)[number];

export const DECLINE_REASONS = ['no_time', 'not_now', 'someone_else', 'other'] as const;

/** Closing a task with its outcome; an answer is recorded as the parent's own answer. */
export class TaskDoneDto {
  @ApiProperty({ enum: STAFF_TASK_OUTCOMES, enumName: 'StaffTaskOutcome' })
  @IsIn(STAFF_TASK_OUTCOMES)
  outcome!: StaffTaskOutcome;

  @ApiPropertyOptional({
    enum: DECLINE_REASONS,
    enumName: 'DeclineReason',
    description: 'Why the parent said no to a buddy',
  })
  @IsOptional()
  @IsIn(DECLINE_REASONS)
  reason?: (typeof DECLINE_REASONS)[number];
}
