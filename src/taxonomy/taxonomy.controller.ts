import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { SHIPPED_LANGUAGES } from '../i18n/languages';
import { TaxonomyDto, TaxonomyService } from './taxonomy.service';

class TaxonomyQueryDto {
  @ApiPropertyOptional({ enum: SHIPPED_LANGUAGES, enumName: 'ShippedLanguage', default: 'nl' })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES, { message: `lang must be one of ${SHIPPED_LANGUAGES.join(', ')}` })
  lang?: string;
}

export class TaxonomyResponse {
  @ApiProperty() lang!: string;
  @ApiProperty({ enum: ['ltr', 'rtl'], enumName: 'TextDirection' }) dir!: string;
  @ApiProperty({
    description: 'Situations with label and sensitivity',
    type: 'array',
    items: { type: 'object' },
  })
  situations!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) skills!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) interests!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) languages!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) messageLanguages!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) languageLevels!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) dutchLevels!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) availability!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'string' } }) schoolYears!: string[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) activityKinds!: unknown[];
}

@ApiTags('taxonomy')
@ApiBearerAuth()
@Controller(`${API_V1}/taxonomy`)
export class TaxonomyController {
  constructor(private readonly taxonomy: TaxonomyService) {}

  @Get()
  @ApiOperation({
    summary: 'The codes for languages, situations, skills and interests, with their labels',
  })
  @ApiOkResponse({
    type: TaxonomyResponse,
    description: 'Situations, skills, interests and languages with labels in lang',
  })
  @ApiProblems(400, 401)
  get(@Query() query: TaxonomyQueryDto): TaxonomyDto {
    return this.taxonomy.forLanguage(query.lang ?? 'nl');
  }
}
