import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffUserEntity } from './staff-user.entity.js';

/**
 * A delegation (ủy quyền): the holder of a role (the chairman, a vice-chairman) lets another person act in it for a
 * period of days (inclusive, Vietnam dates), with a reason. What the delegate does in that role is recorded as theirs,
 * "ủy quyền của" the holder. Never deleted; `revoked_at` ends it early.
 */
@Entity('role_delegation')
@Index('role_delegation_to_idx', ['toUserId', 'planId'])
@Check('role_delegation_period_chk', `"valid_to" >= "valid_from"`)
export class RoleDelegationEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'role_delegation_pkey' }) id: string;
  @Column('text', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'role_key' }) roleKey: string;
  @Column('text', { name: 'unit_id', default: '' }) unitId: string;
  @Column('uuid', { name: 'from_user_id' }) fromUserId: string;
  @Column('uuid', { name: 'to_user_id' }) toUserId: string;
  @Column('date', { name: 'valid_from' }) validFrom: string;
  @Column('date', { name: 'valid_to' }) validTo: string;
  @Column('text') reason: string;
  /** Who recorded it: `cli`, or the e-mail of the signed-in chairman. */
  @Column('text', { name: 'created_by' }) createdBy: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'from_user_id', foreignKeyConstraintName: 'role_delegation_from_fk' })
  from?: StaffUserEntity;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'to_user_id', foreignKeyConstraintName: 'role_delegation_to_fk' })
  to?: StaffUserEntity;
}
