import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { canonicalActedBy, type ActedBy, type SubmissionEvidence } from '#libs/domain/src/index.js';

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
  /** Who acted (v2 only): the person, token or system beside the role in `actor`. */
  actedBy?: ActedBy | null;
}

/**
 * The version of the hash an event was chained with: 1, plain SHA-256 (events written before the key existed; anyone
 * who can write to the database could recompute it), 2, HMAC-SHA-256 keyed with the audit key, which the database
 * never holds. Every event written now is v2.
 */
export type ChainVersion = 1 | 2;
export const CURRENT_CHAIN_VERSION: ChainVersion = 2;

/**
 * The audit key: HKDF-SHA-256 of APP_SECRET (the api and the worker share it; the database does not hold it). Without
 * APP_SECRET (a test that wires the services by hand) a fixed development key is used, which protects nothing: the
 * launcher and docker-compose always set APP_SECRET.
 */
export function auditKeyFrom(secret: string | undefined): Buffer {
  return Buffer.from(hkdfSync('sha256', secret ?? 'dondoc-development-audit-key-not-secret', 'dondoc', 'audit-chain-v2', 32));
}

const v1Fields = (prevHash: string | null, e: ChainedEvent): unknown[] => {
  const fields: unknown[] = [
    prevHash ?? '',
    e.planId,
    e.stepId,
    e.seq,
    e.kind,
    e.actor ?? null,
    e.note ?? null,
    new Date(e.atPlan).toISOString(),
  ];
  if (e.evidence) fields.push(canonical(e.evidence));
  return fields;
};

/** v1: SHA-256 over the previous hash and the event's content, in a fixed order (kept to verify old events). */
export function eventHashV1(prevHash: string | null, e: ChainedEvent): string {
  return createHash('sha256')
    .update(JSON.stringify(v1Fields(prevHash, e)))
    .digest('hex');
}

/** v2: HMAC-SHA-256 with the audit key over the version, the v1 fields and who acted. */
export function eventHashV2(key: Buffer, prevHash: string | null, e: ChainedEvent): string {
  const content = JSON.stringify(['v2', ...v1Fields(prevHash, e), canonicalActedBy(e.actedBy)]);
  return createHmac('sha256', key).update(content).digest('hex');
}

/** The evidence with its keys in a fixed order, so the hash does not depend on how jsonb stored them. */
const canonical = (ev: SubmissionEvidence) => [ev.version, ev.links, ev.files.map((f) => [f.id, f.name, f.sha256, f.size])];

export type ChainBreak = 'LINK_MISMATCH' | 'HASH_MISMATCH' | 'HASH_MISSING' | 'VERSION_DOWNGRADE' | 'VERSION_UNKNOWN';

export type ChainVerdict =
  | { valid: true; events: number; v1Events: number }
  | { valid: false; events: number; v1Events: number; brokenAtSeq: number; code: ChainBreak; reason: string };

/** What a chain row carries to be verified. */
export type ChainRow = ChainedEvent & { prevHash: string | null; hash: string | null; chainVersion: number };

const REASONS: Record<ChainBreak, string> = {
  LINK_MISMATCH: 'the link to the previous event does not match',
  HASH_MISMATCH: 'the content does not match its hash',
  HASH_MISSING: 'the event has no hash',
  VERSION_DOWNGRADE: 'an unkeyed (v1) event follows a keyed (v2) one',
  VERSION_UNKNOWN: 'the chain version is unknown',
};

/** Vietnamese reading of a break, for the CLI and the pages. */
export const CHAIN_BREAK_VI: Record<ChainBreak, string> = {
  LINK_MISMATCH: 'liên kết tới sự kiện trước không khớp (có sự kiện bị xóa, chèn hoặc đổi thứ tự)',
  HASH_MISMATCH: 'nội dung không khớp với mã băm có khóa (sự kiện bị sửa hoặc bị giả mạo)',
  HASH_MISSING: 'sự kiện không có mã băm',
  VERSION_DOWNGRADE: 'sự kiện chỉ có SHA-256 không khóa (v1) nằm sau sự kiện có khóa (v2): bị chèn thêm',
  VERSION_UNKNOWN: 'phiên bản chuỗi không xác định',
};

/**
 * Recomputes a step's chain in sequence order; reports the first event whose link, hash or version does not hold
 * (a deleted event breaks the link of the next one). v1 events are accepted only before the first v2 event (they were written before the key existed).
 */
export function verifyChain(key: Buffer, events: ChainRow[]): ChainVerdict {
  let prev: string | null = null;
  let keyed = false;
  let v1Events = 0;
  const broken = (e: ChainRow, code: ChainBreak): ChainVerdict => ({
    valid: false,
    events: events.length,
    v1Events,
    brokenAtSeq: e.seq,
    code,
    reason: REASONS[code],
  });
  for (const e of events) {
    if (e.hash === null) return broken(e, 'HASH_MISSING');
    if (e.prevHash !== prev) return broken(e, 'LINK_MISMATCH');
    const version = Number(e.chainVersion);
    if (version === 1) {
      if (keyed) return broken(e, 'VERSION_DOWNGRADE');
      v1Events++;
      if (eventHashV1(prev, e) !== e.hash) return broken(e, 'HASH_MISMATCH');
    } else if (version === 2) {
      keyed = true;
      if (eventHashV2(key, prev, e) !== e.hash) return broken(e, 'HASH_MISMATCH');
    } else return broken(e, 'VERSION_UNKNOWN');
    prev = e.hash;
  }
  return { valid: true, events: events.length, v1Events };
}
