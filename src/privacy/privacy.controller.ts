import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/actor';
import { CurrentActor } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import { ParentExport, PrivacyService } from './privacy.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/parents/:parentId`)
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('export')
  @ApiOperation({ summary: 'Everything stored about one parent (right of access)' })
  @ApiOkResponse({
    description:
      'parent, matches (with the reasons they were told), messages, messages to other parents about them, activities, every audit entry about them',
    schema: { type: 'object' },
  })
  @ApiProblems(401, 403, 404)
  export(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<ParentExport> {
    return this.privacy.export(actor, schoolId, parentId);
  }

  @Get('export/summary')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOperation({
    summary:
      "The export as a printable page in the parent's own language (to hand to the parent beside the JSON)",
  })
  @ApiOkResponse({ description: 'text/html', schema: { type: 'string' } })
  @ApiProblems(401, 403, 404)
  summary(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<string> {
    return this.privacy.summary(actor, schoolId, parentId);
  }

  @Post('erase')
  @HttpCode(200)
  @ApiOperation({
    summary: "Erase a parent's personal data (right to erasure); figures stay anonymous",
  })
  @ApiOkResponse({
    schema: { type: 'object', properties: { erasedAt: { type: 'string', format: 'date-time' } } },
  })
  @ApiProblems(401, 403, 404, 410)
  erase(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<{ erasedAt: string }> {
    return this.privacy.erase(actor, schoolId, parentId);
  }
}
