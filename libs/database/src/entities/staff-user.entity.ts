import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A member of staff who signs in by e-mail. Filled from the plans' roles when a plan is loaded, and by the admin CLI. */
@Entity('staff_user')
@Unique('staff_user_email_uq', ['email'])
export class StaffUserEntity {
  /** Made by the application (randomUUID), so no database extension is needed. */
  @PrimaryColumn('uuid') id: string;
  /** Lower case; the sign-in address. */
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  /** A disabled user gets no sign-in mail, and their sessions stop counting. */
  @Column('boolean', { default: true }) active: boolean;
  /** An administrator of the web app (API tokens, the list of users); set only with the CLI (`user admin`). */
  @Column('boolean', { default: false }) admin: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
