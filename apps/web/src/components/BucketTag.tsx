import { Tag } from 'antd';
import { BUCKET_HEX, BUCKETS, type Bucket } from '../lib/format';

/** A step's status as a coloured tag (the four bucket colours, and waiting / returned). */
export function BucketTag({ bucket }: { bucket: string }) {
  const b = BUCKETS[bucket as Bucket] ?? { label: bucket, color: 'default' };
  return (
    // The text in the bucket's dark colour: Ant Design's green and gold tag texts are below a contrast of 4.5:1.
    <Tag
      color={b.color}
      data-bucket={bucket}
      style={bucket !== 'cancelled' && BUCKET_HEX[bucket as Bucket] ? { color: BUCKET_HEX[bucket as Bucket] } : undefined}
    >
      {b.label}
    </Tag>
  );
}
