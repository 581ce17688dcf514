import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiBody,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Actor } from '../common/auth/actor';
import { CurrentActor } from '../common/auth/access.decorators';
import { API_V1 } from '../common/http/api';
import { etag, parseIfMatch } from '../common/http/etag';
import { ApiProblems } from '../common/http/api-problems.decorator';
import { IdParam, SchoolIdParam } from '../common/http/id.pipe';
import { CreateParentDto } from './dto/parent-input.dto';
import { ParentDto, ParentPageDto, toParentDto, toSummary } from './dto/parent-output.dto';
import { ParentQueryDto } from './dto/parent-query.dto';
import { UpdateParentDto } from './dto/update-parent.dto';
import { ParentsService } from './parents.service';
import { PrivacyService } from '../privacy/privacy.service';

@ApiTags('parents')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/parents`)
export class ParentsController {
  constructor(
    private readonly parents: ParentsService,
    private readonly privacy: PrivacyService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Intake: enroll one parent' })
  @ApiBody({
    type: CreateParentDto,
    examples: {
      seeker: {
        summary: 'A newly arrived parent who seeks a buddy (Arabic, e-mail)',
        value: {
          givenName: 'Samira',
          familyName: 'El Amrani',
          languages: [
            { code: 'ar', level: 'native' },
            { code: 'nl', level: 'basic' },
          ],
          dutchLevel: 'basic',
          messageLanguage: 'ar',
          role: 'seeker',
          channels: ['email'],
          email: 'samira@example.org',
          children: [{ schoolYear: 'groep-3' }],
          situations: [{ code: 'new_to_school', stance: 'seeking' }],
          consents: [
            { purpose: 'matching', granted: true, method: 'in_person' },
            { purpose: 'share_contact', granted: true, method: 'in_person' },
            { purpose: 'messages_email', granted: true, method: 'in_person' },
          ],
        },
      },
      buddy: {
        summary: 'An experienced parent who offers to be a buddy for one parent',
        value: {
          givenName: 'Fatima',
          familyName: 'Bakker',
          languages: [
            { code: 'ar', level: 'native' },
            { code: 'nl', level: 'fluent' },
          ],
          dutchLevel: 'fluent',
          messageLanguage: 'nl',
          role: 'buddy',
          capacity: 1,
          channels: ['email'],
          email: 'fatima@example.org',
          children: [{ schoolYear: 'groep-5' }],
          situations: [{ code: 'new_to_school', stance: 'experienced' }],
          atSchoolSince: 2019,
          consents: [
            { purpose: 'matching', granted: true, method: 'in_person' },
            { purpose: 'share_contact', granted: true, method: 'in_person' },
            { purpose: 'messages_email', granted: true, method: 'in_person' },
          ],
        },
      },
    },
  })
  @ApiCreatedResponse({ type: ParentDto })
  @ApiProblems(400, 401, 403, 404, 422)
  async create(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Body() body: CreateParentDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ParentDto> {
    const parent = await this.parents.enroll(actor, schoolId, body);
    res.setHeader('ETag', etag(parent.version));
    res.setHeader('Location', `/${API_V1}/schools/${schoolId}/parents/${parent.id}`);
    return toParentDto(parent);
  }

  @Get()
  @ApiOperation({ summary: 'List and filter parents, paged (ordered by name)' })
  @ApiOkResponse({ type: ParentPageDto })
  @ApiProblems(400, 401, 403, 404)
  async list(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @Query() query: ParentQueryDto,
  ): Promise<ParentPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { page: _p, pageSize: _s, ...filters } = query;
    const result = await this.parents.list(actor, schoolId, filters, page, pageSize);
    return { items: result.items.map(toSummary), page, pageSize, total: result.total };
  }

  @Get(':parentId')
  @ApiOperation({ summary: "One parent's full record (ETag carries the version)" })
  @ApiOkResponse({
    type: ParentDto,
    headers: { ETag: { description: 'The version, for If-Match', schema: { type: 'string' } } },
  })
  @ApiProblems(401, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ParentDto> {
    const parent = await this.parents.get(actor, schoolId, parentId);
    res.setHeader('ETag', etag(parent.version));
    return toParentDto(parent);
  }

  @Patch(':parentId')
  @ApiOperation({ summary: 'Change a parent; send the version read (If-Match or "version")' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'ETag from GET, e.g. "3"' })
  @ApiOkResponse({ type: ParentDto })
  @ApiProblems(400, 401, 403, 404, 412, 422)
  async update(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
    @Body() body: UpdateParentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ParentDto> {
    const parent = await this.parents.update(
      actor,
      schoolId,
      parentId,
      body,
      parseIfMatch(ifMatch, 'parent'),
    );
    res.setHeader('ETag', etag(parent.version));
    return toParentDto(parent);
  }

  @Delete(':parentId')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Remove a parent and everything linked to them (all that erasure removes, then the record)',
  })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    await this.privacy.remove(actor, schoolId, parentId);
  }
}
