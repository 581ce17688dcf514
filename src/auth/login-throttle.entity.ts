import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Failed login counters per account (email) and per address; shared by all API replicas. */
@Entity('login_throttle')
export class LoginThrottle {
  /** 'email:<lower-case e-mail>' or 'ip:<address>'. */
  @PrimaryColumn('text') key!: string;
  @Column('int') failures!: number;
  @Column('timestamptz') windowStartedAt!: Date;
  @Column('timestamptz', { nullable: true }) lockedUntil!: Date | null;
}
