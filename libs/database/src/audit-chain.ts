import { createHash } from 'node:crypto';
import type { SubmissionEvidence } from '../../domain/src/index.js';

export interface ChainedEvent {
  planId: string;
  stepId: string;
  seq: number;
  kind: string;
  actor: string | null;
  note: string | null;
  atPlan: Date | string;
  /** A submission's evidence; covered by the hash when present (events before evidence existed hash as before). */
  evidence?: SubmissionEvidence | null;
}

/** The hash of an audit event: SHA-256 over the previous hash and the event's content, in a fixed order. */
export function eventHash(prevHash: string | null, e: ChainedEvent): string {
  const fields: unknown[] = [prevHash ?? '', e.planId, e.stepId, e.seq, e.kind, e.actor ?? null, e.note ?? null, new Date(e.atPlan).toISOString()];
  if (e.evidence) fields.push(canonical(e.evidence));
  const content = JSON.stringify(fields);
  return createHash('sha256').update(content).digest('hex');
}

/** The evidence with its keys in a fixed order, so the hash does not depend on how jsonb stored them. */
const canonical = (ev: SubmissionEvidence) => [ev.version, ev.links, ev.files.map((f) => [f.id, f.name, f.sha256, f.size])];

export type ChainVerdict = { valid: true; events: number } | { valid: false; events: number; brokenAtSeq: number; reason: string };

/** Recomputes a step's chain in sequence order; reports the first event whose hash or link does not match. */
export function verifyChain(events: (ChainedEvent & { prevHash: string | null; hash: string | null })[]): ChainVerdict {
  let prev: string | null = null;
  for (const e of events) {
    if (e.hash === null) {
      prev = null; // recorded before the chain existed
      continue;
    }
    if (e.prevHash !== prev) return { valid: false, events: events.length, brokenAtSeq: e.seq, reason: 'the link to the previous event does not match' };
    if (eventHash(prev, e) !== e.hash) return { valid: false, events: events.length, brokenAtSeq: e.seq, reason: 'the content does not match its hash' };
    prev = e.hash;
  }
  return { valid: true, events: events.length };
}
