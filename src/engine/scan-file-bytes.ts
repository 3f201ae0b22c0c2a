import { open } from 'node:fs/promises';

/** Bytes read at a time by {@link scanFileBytes}. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Whether `found` holds for some piece of the file's bytes: the file is read 4 MB at a time, each
 * piece handed to `found` with the last `overlap` bytes of the one before it in front (`kept` says
 * how many, 0 for the first), so a pattern up to `overlap` + 1 bytes long is seen whole even across
 * a boundary. Stops at the first piece `found` accepts.
 * @example await scanFileBytes(path, 1, (bytes) => bytes.includes('+-'))
 */
export async function scanFileBytes(path: string, overlap: number, found: (bytes: Buffer, kept: number) => boolean): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES + overlap);
    let kept = 0;
    for (let position = 0; ; ) {
      const { bytesRead } = await file.read(buffer, kept, CHUNK_BYTES, position);
      if (bytesRead === 0) return false;
      position += bytesRead;
      const end = kept + bytesRead;
      if (found(buffer.subarray(0, end), kept)) return true;
      const next = Math.min(overlap, end);
      buffer.copyWithin(0, end - next, end);
      kept = next;
    }
  } finally {
    await file.close();
  }
}

/** Whether byte `b` (undefined past either end of a piece) is an ASCII digit 0–9. */
export const isDigitByte = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
