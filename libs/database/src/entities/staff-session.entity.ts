import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffUserEntity } from './staff-user.entity.js';

/** A signed-in browser: the cookie holds a random id, this table its SHA-256. */
@Entity('staff_session')
export class StaffSessionEntity {
  @PrimaryColumn('text', { name: 'id_hash' }) idHash: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  /** Set by signing out. */
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'staff_session_user_fk' })
  user?: StaffUserEntity;
}
