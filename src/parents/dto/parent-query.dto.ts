import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../common/http/page-query.dto';
import { AVAILABILITY_SLOTS, SITUATION_CODES } from '../../taxonomy/taxonomy';
import { ISO_639_1, ISO_639_3_EXTRA } from '../../taxonomy/iso-639';
import { PARENT_ROLES, PARENT_STATUSES } from '../parent.types';

export class ParentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: PARENT_ROLES,
    enumName: 'ParentRole',
    description: 'seeker: seeks (seeker or both); buddy: offers (buddy or both)',
  })
  @IsOptional()
  @IsIn(PARENT_ROLES)
  role?: (typeof PARENT_ROLES)[number];

  @ApiPropertyOptional({ example: 'ar' })
  @IsOptional()
  @IsIn([...ISO_639_1, ...ISO_639_3_EXTRA], {
    message: 'language must be an ISO 639 language code',
  })
  language?: string;

  @ApiPropertyOptional({ example: 'dyslexia' })
  @IsOptional()
  @IsIn(SITUATION_CODES)
  situation?: string;

  @ApiPropertyOptional({ enum: ['seeking', 'experienced'], enumName: 'SituationStance' })
  @IsOptional()
  @IsIn(['seeking', 'experienced'])
  stance?: 'seeking' | 'experienced';

  @ApiPropertyOptional({ enum: PARENT_STATUSES, enumName: 'ParentStatus' })
  @IsOptional()
  @IsIn(PARENT_STATUSES)
  status?: (typeof PARENT_STATUSES)[number];

  @ApiPropertyOptional({ example: 'wed-morning' })
  @IsOptional()
  @IsIn(AVAILABILITY_SLOTS)
  availability?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 3650,
    example: 28,
    description: 'Only parents waiting for a buddy (status waiting) for more than this many days',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  waitingMoreThanDays?: number;

  @ApiPropertyOptional({ description: 'Text search on name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}
