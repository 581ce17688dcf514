import { ApiProperty } from '@nestjs/swagger';
import { Activity } from '../activity.entity';
import { localDateTime, SCHOOL_TIME_ZONE } from '../core/local-time';

export class ActivityHostDto {
  @ApiProperty({ format: 'uuid' }) parentId!: string;
  @ApiProperty() givenName!: string;
}

export class ActivitySummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ format: 'date-time', description: 'UTC' }) startsAt!: string;
  @ApiProperty({ format: 'date-time', description: 'UTC' }) endsAt!: string;
  @ApiProperty({ example: '2025-06-12T09:30', description: 'Local time in timeZone' })
  localStart!: string;
  @ApiProperty({ example: '2025-06-12T11:00' }) localEnd!: string;
  @ApiProperty({ example: SCHOOL_TIME_ZONE }) timeZone!: string;
  @ApiProperty() location!: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'], enumName: 'ActivityStatus' }) status!: string;
  @ApiProperty({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty() confirmedCount!: number;
  @ApiProperty() waitlistCount!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null when unlimited' }) placesLeft!:
    number | null;
}

export class ActivityDto extends ActivitySummaryDto {
  @ApiProperty({ format: 'uuid' }) schoolId!: string;
  @ApiProperty({ description: "The title is the kind's label (translated per language)" })
  titleFromKind!: boolean;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) titles!: Record<
    string,
    string
  >;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) descriptions!: Record<
    string,
    string
  >;
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty() interpreter!: boolean;
  @ApiProperty() childcare!: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Euro cents' }) costCents!:
    number | null;
  @ApiProperty({ type: [ActivityHostDto] }) hosts!: ActivityHostDto[];
  @ApiProperty() invitedCount!: number;
  @ApiProperty() attendedCount!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) remindersSentAt!:
    string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() updatedAt!: Date;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivitySummaryDto] }) items!: ActivitySummaryDto[];
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export interface ActivityCounts {
  waitlistCount: number;
  invitedCount: number;
  attendedCount: number;
  hosts: ActivityHostDto[];
}

export function placesLeft(a: Pick<Activity, 'capacity' | 'confirmedCount'>): number | null {
  return a.capacity === null ? null : Math.max(0, a.capacity - a.confirmedCount);
}

export function toActivitySummary(a: Activity, waitlistCount: number): ActivitySummaryDto {
  return {
    id: a.id,
    kind: a.kind,
    title: a.title,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    localStart: localDateTime(a.startsAt),
    localEnd: localDateTime(a.endsAt),
    timeZone: SCHOOL_TIME_ZONE,
    location: a.location,
    status: a.status,
    capacity: a.capacity,
    confirmedCount: a.confirmedCount,
    waitlistCount,
    placesLeft: placesLeft(a),
  };
}

export function toActivityDto(a: Activity, counts: ActivityCounts): ActivityDto {
  return {
    ...toActivitySummary(a, counts.waitlistCount),
    schoolId: a.schoolId,
    titleFromKind: a.titleFromKind,
    titles: a.titles,
    description: a.description,
    descriptions: a.descriptions,
    languages: a.languages,
    interpreter: a.interpreter,
    childcare: a.childcare,
    costCents: a.costCents,
    hosts: counts.hosts,
    invitedCount: counts.invitedCount,
    attendedCount: counts.attendedCount,
    cancelledAt: a.cancelledAt?.toISOString() ?? null,
    remindersSentAt: a.remindersSentAt?.toISOString() ?? null,
    version: a.version,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
