import { readFileSync } from 'node:fs';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { MarketDataError } from '../core/errors.js';

/** Read a text file, transparently gunzipping .gz and extracting the first entry of a .zip. */
export function readTextFile(path: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new MarketDataError(`cannot read market data file ${path}: ${(e as Error).message}`);
  }
  if (buf[0] === 0x1f && buf[1] === 0x8b) return gunzipSync(buf).toString('utf8');
  if (buf.readUInt32LE(0) === 0x04034b50) return unzipFirst(buf, path).toString('utf8');
  return buf.toString('utf8');
}

/** Minimal zip reader (stored or deflated, first entry) via the central directory. */
function unzipFirst(buf: Buffer, path: string): Buffer {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new MarketDataError(`${path}: not a readable zip (no end of central directory)`);
  const cd = buf.readUInt32LE(eocd + 16);
  if (buf.readUInt32LE(cd) !== 0x02014b50)
    throw new MarketDataError(`${path}: corrupt zip central directory`);
  const method = buf.readUInt16LE(cd + 10);
  const compSize = buf.readUInt32LE(cd + 20);
  const local = buf.readUInt32LE(cd + 42);
  const nameLen = buf.readUInt16LE(local + 26);
  const extraLen = buf.readUInt16LE(local + 28);
  const start = local + 30 + nameLen + extraLen;
  const data = buf.subarray(start, start + compSize);
  if (method === 0) return data;
  if (method === 8) return inflateRawSync(data);
  throw new MarketDataError(
    `${path}: zip compression method ${method} is not supported (use stored or deflate)`,
  );
}

/** Iterate lines of a big string without splitting it all at once. */
export class LineReader {
  private pos = 0;
  constructor(private readonly text: string) {}
  next(): string | undefined {
    while (this.pos < this.text.length) {
      let end = this.text.indexOf('\n', this.pos);
      if (end < 0) end = this.text.length;
      let line = this.text.slice(this.pos, end);
      this.pos = end + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.length > 0) return line;
    }
    return undefined;
  }
}
