import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffUserEntity } from './staff-user.entity.js';

/** A one-time sign-in link sent by mail: only the SHA-256 of its token is kept; used once, within its expiry. */
@Entity('sign_in_token')
@Index('sign_in_token_user_idx', ['userId', 'createdAt'])
export class SignInTokenEntity {
  @PrimaryColumn('text', { name: 'token_hash' }) tokenHash: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  /** Where the user goes once signed in (a path of this site, e.g. the action page that asked for sign-in). */
  @Column('text', { name: 'next_path', nullable: true }) nextPath: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sign_in_token_user_fk' })
  user?: StaffUserEntity;
}
