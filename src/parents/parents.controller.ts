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

@ApiTags('parents')
@ApiBearerAuth()
@Controller(`${API_V1}/schools/:schoolId/parents`)
export class ParentsController {
  constructor(private readonly parents: ParentsService) {}

  @Post()
  @ApiOperation({ summary: 'Intake: enroll one parent' })
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
  @ApiOkResponse({
    type: ParentDto,
    headers: { ETag: { description: 'The version, for If-Match' } },
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
  @ApiOperation({ summary: 'Remove a parent and everything linked to them' })
  @ApiNoContentResponse()
  @ApiProblems(401, 403, 404)
  async remove(
    @CurrentActor() actor: Actor,
    @SchoolIdParam() schoolId: string,
    @IdParam('parentId', 'Parent') parentId: string,
  ): Promise<void> {
    await this.parents.remove(actor, schoolId, parentId);
  }
}
