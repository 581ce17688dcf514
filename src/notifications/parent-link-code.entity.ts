import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The short code of a parent link (printed on a letter, typed at /c). Only an HMAC of the
 * code is stored; the code is derived from the link id and `seq` with the server's secret.
 */
@Entity('parent_link_code')
export class ParentLinkCode {
  @PrimaryColumn('bytea') codeHash!: Buffer;
  @Column('uuid') linkId!: string;
  /** 0, or higher when the first derived code collided with another link's code. */
  @Column('smallint') seq!: number;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
}
