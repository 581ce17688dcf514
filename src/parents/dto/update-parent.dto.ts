import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { PARENT_STATUSES } from '../parent.types';
import { ParentFieldsDto } from './parent-input.dto';

/** A change: any intake field, the status, and the version read (or an If-Match header). */
export class UpdateParentDto extends PartialType(ParentFieldsDto) {
  @ApiPropertyOptional({
    enum: ['enrolled', 'waiting', 'paused', 'left'],
    enumName: 'SettableParentStatus',
    description: '"matched" is set by the matching module',
  })
  @IsOptional()
  @IsIn(PARENT_STATUSES.filter((s) => s !== 'matched'))
  status?: 'enrolled' | 'waiting' | 'paused' | 'left';

  @ApiPropertyOptional({ description: 'The version you read; required unless sent as If-Match' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
