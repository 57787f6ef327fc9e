import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUserEntity } from './staff-user.entity.js';

/**
 * A user's role in a plan: the role key of the plan file, and for a role held in every village the village
 * (`unit_id`; '' for the role in the whole plan). A holding runs from `valid_from` until `valid_to` (null while it
 * lasts): revoking closes it and keeps the row, so who held a role on a date stays known; one open holding per seat.
 */
@Entity('staff_membership')
@Index('staff_membership_current_uq', ['userId', 'planId', 'roleKey', 'unitId'], { unique: true, where: `"valid_to" IS NULL` })
@Index('staff_membership_seat_idx', ['planId', 'roleKey', 'unitId'])
export class StaffMembershipEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'staff_membership_pkey' }) id: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('text', { name: 'plan_id' }) planId: string;
  @Column('text', { name: 'role_key' }) roleKey: string;
  @Column('text', { name: 'unit_id', default: '' }) unitId: string;
  /** `plan`: from the plan file when it was loaded; `admin`: given with the CLI. */
  @Column('text') source: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column('timestamptz', { name: 'valid_from', default: () => 'now()' }) validFrom: Date;
  @Column('timestamptz', { name: 'valid_to', nullable: true }) validTo: Date | null;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'staff_membership_user_fk' })
  user?: StaffUserEntity;
}
