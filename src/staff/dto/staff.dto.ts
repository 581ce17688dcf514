import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { SCHOOL_ROLES, SchoolRole } from '../../common/auth/actor';
import { SHIPPED_LANGUAGES } from '../../i18n/languages';

export class AddStaffDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: SCHOOL_ROLES, enumName: 'SchoolRole' })
  @IsIn(SCHOOL_ROLES)
  role!: SchoolRole;
  @ApiPropertyOptional({ enum: SHIPPED_LANGUAGES, enumName: 'ShippedLanguage', default: 'nl' })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES)
  interfaceLanguage?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: SCHOOL_ROLES, enumName: 'SchoolRole' })
  @IsIn(SCHOOL_ROLES)
  role!: SchoolRole;
}

export class StaffMemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCHOOL_ROLES, enumName: 'SchoolRole' }) role!: string;
  @ApiProperty() memberSince!: Date;
  @ApiProperty({
    description:
      'Invited by e-mail and not logged in since; while pending, name is the name the administrator typed',
  })
  pending!: boolean;
}
