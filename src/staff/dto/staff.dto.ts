import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';
import { SCHOOL_ROLES, SchoolRole } from '../../common/auth/actor';
import { SHIPPED_LANGUAGES } from '../../i18n/languages';
import { PASSWORD_MIN_LENGTH } from '../../auth/password';

export class AddStaffDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: SCHOOL_ROLES }) @IsIn(SCHOOL_ROLES) role!: SchoolRole;
  @ApiPropertyOptional({ enum: SHIPPED_LANGUAGES, default: 'nl' })
  @IsOptional()
  @IsIn(SHIPPED_LANGUAGES)
  interfaceLanguage?: string;
  @ApiPropertyOptional({
    description: `For a new account; at least ${PASSWORD_MIN_LENGTH} characters. Generated and returned once when omitted.`,
  })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(256)
  password?: string;
}

export class ChangeRoleDto {
  @ApiProperty({ enum: SCHOOL_ROLES }) @IsIn(SCHOOL_ROLES) role!: SchoolRole;
}

export class StaffMemberDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCHOOL_ROLES }) role!: string;
  @ApiProperty() memberSince!: Date;
  @ApiPropertyOptional({
    description: 'Only right after creating a new account without a password',
  })
  temporaryPassword?: string;
}
