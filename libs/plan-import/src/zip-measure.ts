/**
 * Measures a ZIP archive (a .docx) from its central directory alone, before anything is inflated: how many entries,
 * how large each says it inflates to, in total, and by how much each is compressed. Nothing here decompresses.
 *
 * The central directory is what unzippers (JSZip, which mammoth uses) read to find the entries; a ZIP bomb declares
 * its sizes there too. Sizes written in ZIP64 extra fields are read from them; an archive whose directory cannot be
 * read is refused as such.
 */

/** The limits a .docx plan document must keep. A real Kế hoạch has 10–40 entries, its document.xml under 2 MiB. */
export interface ZipLimits {
  /** Entries in the archive. */
  maxEntries: number;
  /** Uncompressed bytes of one entry. */
  maxEntryBytes: number;
  /** Uncompressed bytes of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size of one entry, for entries larger than `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries up to this size are not held to `maxRatio` (a small, very regular XML part compresses well). */
  ratioFloorBytes: number;
}

export const DOCX_LIMITS: ZipLimits = {
  maxEntries: 1_000,
  maxEntryBytes: 16 * 1024 * 1024,
  maxTotalBytes: 48 * 1024 * 1024,
  maxRatio: 60,
  ratioFloorBytes: 256 * 1024,
};

export interface ZipEntryInfo {
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
}

export type ZipRefusal =
  | { code: 'NOT_ZIP'; detail: string }
  | { code: 'ZIP_TOO_MANY_ENTRIES'; detail: string; vars: { n: number; max: number } }
  | { code: 'ZIP_ENTRY_TOO_BIG'; detail: string; vars: { entry: string; mib: string; max: string } }
  | { code: 'ZIP_TOO_BIG'; detail: string; vars: { mib: string; max: string } }
  | { code: 'ZIP_RATIO'; detail: string; vars: { entry: string; ratio: number; max: number } };

export type ZipMeasure = { ok: true; entries: ZipEntryInfo[]; totalBytes: number } | ({ ok: false } & ZipRefusal);

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const mib = (n: number) => (n / 1024 / 1024).toFixed(1);

/** Reads the central directory of `buf`, counting every step (the work is linear in the directory's size). */
export function measureZip(buf: Uint8Array, limits: ZipLimits = DOCX_LIMITS): ZipMeasure {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const notZip = (detail: string): ZipMeasure => ({ ok: false, code: 'NOT_ZIP', detail });
  // The end-of-central-directory record: the last 22 bytes, or earlier by a comment of up to 65,535 bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return notZip('không có bản ghi cuối thư mục zip');
  let count = b.readUInt16LE(eocd + 10);
  let size = b.readUInt32LE(eocd + 12);
  let offset = b.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc < 0 || b.readUInt32LE(loc) !== EOCD64_LOCATOR) return notZip('tệp ZIP64 thiếu bản ghi định vị');
    const at = Number(b.readBigUInt64LE(loc + 8));
    if (at < 0 || at + 56 > b.length || b.readUInt32LE(at) !== EOCD64) return notZip('tệp ZIP64 thiếu bản ghi thư mục');
    count = Number(b.readBigUInt64LE(at + 32));
    size = Number(b.readBigUInt64LE(at + 40));
    offset = Number(b.readBigUInt64LE(at + 48));
  }
  // Refused by count before reading a single entry: the count is the directory's own claim.
  if (count > limits.maxEntries)
    return {
      ok: false,
      code: 'ZIP_TOO_MANY_ENTRIES',
      detail: `${count} phần (tối đa ${limits.maxEntries})`,
      vars: { n: count, max: limits.maxEntries },
    };
  if (offset + size > b.length) return notZip('thư mục zip nằm ngoài tệp');
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== CENTRAL) return notZip(`mục thứ ${n + 1} của thư mục zip bị hỏng`);
    let compressed = b.readUInt32LE(p + 20);
    let uncompressed = b.readUInt32LE(p + 24);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    if (p + 46 + nameLen + extraLen > b.length) return notZip(`mục thứ ${n + 1} của thư mục zip bị cắt cụt`);
    const name = b.toString('utf8', p + 46, p + 46 + nameLen);
    if (uncompressed === 0xffffffff || compressed === 0xffffffff) {
      // ZIP64 extended information: the 64-bit sizes, uncompressed first, each present only when its field is full.
      let e = p + 46 + nameLen;
      const end = e + extraLen;
      let found = false;
      while (e + 4 <= end) {
        const id = b.readUInt16LE(e);
        const len = b.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressed === 0xffffffff && q + 8 <= e + 4 + len) {
            uncompressed = Number(b.readBigUInt64LE(q));
            q += 8;
          }
          if (compressed === 0xffffffff && q + 8 <= e + 4 + len) compressed = Number(b.readBigUInt64LE(q));
          found = true;
          break;
        }
        e += 4 + len;
      }
      if (!found) return notZip(`phần “${name}” thiếu kích thước ZIP64`);
    }
    if (uncompressed > limits.maxEntryBytes) {
      return {
        ok: false,
        code: 'ZIP_ENTRY_TOO_BIG',
        detail: `phần “${name}” giải nén ra ${mib(uncompressed)} MiB (tối đa ${mib(limits.maxEntryBytes)} MiB)`,
        vars: { entry: name, mib: mib(uncompressed), max: mib(limits.maxEntryBytes) },
      };
    }
    total += uncompressed;
    if (total > limits.maxTotalBytes) {
      return {
        ok: false,
        code: 'ZIP_TOO_BIG',
        detail: `các phần giải nén ra hơn ${mib(limits.maxTotalBytes)} MiB`,
        vars: { mib: mib(total), max: mib(limits.maxTotalBytes) },
      };
    }
    if (uncompressed > limits.ratioFloorBytes && uncompressed > compressed * limits.maxRatio) {
      const ratio = compressed ? Math.round(uncompressed / compressed) : uncompressed;
      return {
        ok: false,
        code: 'ZIP_RATIO',
        detail: `phần “${name}” bị nén ${ratio}:1 (tối đa ${limits.maxRatio}:1)`,
        vars: { entry: name, ratio, max: limits.maxRatio },
      };
    }
    entries.push({ name, compressedBytes: compressed, uncompressedBytes: uncompressed });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries, totalBytes: total };
}
