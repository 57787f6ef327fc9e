import { createHash } from 'node:crypto';

/** A deterministic Message-ID: the same outbox key always gives the same id, so a resend is recognisable. */
export const messageIdFor = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@dondoc.local>`;
