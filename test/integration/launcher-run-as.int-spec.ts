import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { managerSessionCookie } from '../../apps/launcher/src/run-as.js';
import {
  API_CSRF_PURPOSE,
  APP_DB_ROLE,
  createDataSource,
  formToken,
  hashToken,
  PlanRepository,
  StaffRepository,
} from '#libs/database/src/index.js';
import { seedPlanI01 } from '../utils/stack.js';
import { createTestDatabase, type TestDatabase } from '../utils/database.js';

/** `npm start` starts the seed plan's run as the plan's chairman (or approver), through a short session it opens. */
describe('launcher: the session it starts the seed run with (real PostgreSQL)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const plan = seedPlanI01('HG-LAUNCH');
  const userOf = async (cookie: string | undefined) =>
    cookie ? (await new StaffRepository(ds).sessionUser(hashToken(cookie.split('=')[1])))?.email : undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await createDataSource(db.url, { role: APP_DB_ROLE }).initialize();
    await new PlanRepository(ds).insertIfAbsent(plan);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it("opens a session of the plan's chairman, else its approver, else none", async () => {
    const staff = new StaffRepository(ds);
    const headers = await managerSessionCookie(staff, plan);
    expect(headers?.cookie).toMatch(/^dondoc_session=[A-Za-z0-9_-]{43}$/);
    // The session's CSRF token, which a write to /api/v1 by cookie must carry.
    expect(headers?.['x-csrf-token']).toBe(formToken(headers!.cookie.slice('dondoc_session='.length), API_CSRF_PURPOSE));
    expect(await userOf(headers?.cookie)).toBe('chu-tich@hagiang.example.org');
    const [{ minutes }] = await ds.query(`SELECT round(extract(epoch FROM expires_at - now()) / 60)::int AS minutes FROM staff_session`);
    expect(minutes).toBeLessThanOrEqual(5);
    await staff.setActive('chu-tich@hagiang.example.org', false);
    expect(await userOf((await managerSessionCookie(staff, plan))?.cookie)).toBe('pct-vhxh@hagiang.example.org');
    await staff.setActive('pct-vhxh@hagiang.example.org', false);
    expect(await managerSessionCookie(staff, plan)).toBeUndefined();
  });
});
