import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'consulent@deregenboog.nl' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'a long passphrase', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class LoginResultDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' })
  expiresIn!: number;
}

export class MeSchoolDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['coordinator', 'viewer', 'school_admin'], enumName: 'SchoolRole' })
  role!: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'nl' }) interfaceLanguage!: string;
  @ApiProperty() isPlatformAdmin!: boolean;
  @ApiProperty({ type: [String], description: 'Boards this staff member administers' })
  boards!: string[];
  @ApiProperty({ type: [MeSchoolDto] }) schools!: MeSchoolDto[];
}
