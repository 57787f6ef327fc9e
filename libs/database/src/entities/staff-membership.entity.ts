import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffUserEntity } from './staff-user.entity.js';

/**
 * A user's role in a plan: the role key of the plan file, and for a role held in every village the village
 * (`unit_id`; '' for the role in the whole plan, so the key stays a plain primary key).
 */
@Entity('staff_membership')
export class StaffMembershipEntity {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text', { name: 'role_key' }) roleKey: string;
  @PrimaryColumn('text', { name: 'unit_id', default: '' }) unitId: string;
  /** `plan`: from the plan file when it was loaded; `admin`: given with the CLI. */
  @Column('text') source: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @ManyToOne(() => StaffUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'staff_membership_user_fk' })
  user?: StaffUserEntity;
}
