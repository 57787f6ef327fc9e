import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('plan_role')
export class PlanRoleEntity {
  @PrimaryColumn('text', { name: 'plan_id' }) planId: string;
  @PrimaryColumn('text', { name: 'role_key' }) roleKey: string;
  @Column('text') title: string;
  @Column('text') person: string;
  @Column('text') email: string;
  @Column('text', { nullable: true }) supervisor: string | null;
}
