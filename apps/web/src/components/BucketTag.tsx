import { Tag } from 'antd';
import { BUCKETS, type Bucket } from '../lib/format';

/** A step's status as a coloured tag (the four bucket colours, and waiting / returned). */
export function BucketTag({ bucket }: { bucket: string }) {
  const b = BUCKETS[bucket as Bucket] ?? { label: bucket, color: 'default' };
  return (
    <Tag color={b.color} data-bucket={bucket}>
      {b.label}
    </Tag>
  );
}
