import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A staff account: ouderconsulent, director, school or platform administrator. */
@Entity('staff')
export class Staff {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Stored lower-case; unique. */
  @Column('text') email!: string;
  @Column('text') name!: string;
  @Column('text') interfaceLanguage!: string;
  /** argon2id hash. */
  @Column('text', { select: false }) passwordHash!: string;
  @Column('boolean', { default: false }) isPlatformAdmin!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
