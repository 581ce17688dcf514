import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';

export class RsvpInputDto {
  @ApiProperty({ description: 'The parent who signs up' })
  @IsUUID('all', { message: '$property must be a parent id' })
  parentId!: string;
}

export class AttendanceInputDto {
  @ApiProperty({
    type: [String],
    description: 'Parents who came (idempotent: a parent registered before stays registered once)',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: '$property must contain parent ids' })
  parentIds!: string[];
}

export class RsvpOutcomeDto {
  @ApiProperty({ format: 'uuid' }) activityId!: string;
  @ApiProperty({ format: 'uuid' }) parentId!: string;
  @ApiProperty({ enum: ['none', 'confirmed', 'waitlisted'], enumName: 'SignUpState' }) state!:
    'none' | 'confirmed' | 'waitlisted';
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Waitlisted: how many are before this parent',
  })
  ahead!: number | null;
  @ApiProperty({
    description:
      'false when the request changed nothing (already signed up, or not signed up when cancelling)',
  })
  changed!: boolean;
  @ApiProperty({ description: 'Parents moved up from the waitlist by this change' })
  promoted!: number;
}

export class RsvpEntryDto {
  @ApiProperty({ format: 'uuid' }) parentId!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty({ nullable: true, type: String }) familyName!: string | null;
  @ApiProperty() messageLanguage!: string;
  @ApiProperty({ description: '1-based place in its list' }) place!: number;
  @ApiProperty() signedUpAt!: Date;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) confirmedAt!: Date | null;
  @ApiProperty({ description: 'Moved up from the waitlist' }) promoted!: boolean;
}

export class RsvpListDto {
  @ApiProperty({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null when unlimited' }) placesLeft!:
    number | null;
  @ApiProperty({ type: [RsvpEntryDto], description: 'In order of confirmation' })
  confirmed!: RsvpEntryDto[];
  @ApiProperty({
    type: [RsvpEntryDto],
    description: 'In order of sign-up; the first moves up when a place frees',
  })
  waitlist!: RsvpEntryDto[];
}

export class AttendanceResultDto {
  @ApiProperty({ description: 'Newly registered now' }) recorded!: number;
  @ApiProperty({ description: 'Registered before (unchanged)' }) alreadyRecorded!: number;
  @ApiProperty({ description: 'All parents registered as present' }) total!: number;
  @ApiProperty({
    description:
      'Of those registered now, parents who came to an activity of the school for the first time',
  })
  firstTimers!: number;
}

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid' }) parentId!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty({ nullable: true, type: String }) familyName!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt!: Date;
}

export class HostSuggestionDto {
  @ApiProperty({ format: 'uuid' }) parentId!: string;
  @ApiProperty() givenName!: string;
  @ApiProperty({ nullable: true, type: String }) familyName!: string | null;
  @ApiProperty({ type: [String], description: 'Skills from intake that fit the kind' })
  matchingSkills!: string[];
  @ApiProperty({
    type: [String],
    description: 'Languages the parent speaks that are spoken at the activity',
  })
  sharedLanguages!: string[];
  @ApiProperty({ description: 'Activities of the school this parent hosted before' })
  hostedBefore!: number;
  @ApiProperty() alreadyHost!: boolean;
}
