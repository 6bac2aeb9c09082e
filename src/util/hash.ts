import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Lower-case hex sha256 of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Lower-case hex sha256 of a file, streamed (large files never sit in memory whole). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
