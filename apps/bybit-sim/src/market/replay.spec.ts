import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { createFileSource, createReplaySource } from './replay.js';
import type { MarketEvent, MarketSource } from './events.js';

const dir = mkdtempSync(join(tmpdir(), 'bybit-sim-replay-'));
function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
function drain(s: MarketSource): MarketEvent[] {
  const out: MarketEvent[] = [];
  for (let e = s.next(); e; e = s.next()) out.push(e);
  return out;
}

/** A one-entry deflate zip, as Bybit's archive files come. */
function zip(name: string, content: string): Buffer {
  const data = deflateRawSync(Buffer.from(content));
  const n = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(n.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(data.length, 20);
  cd.writeUInt32LE(content.length, 24);
  cd.writeUInt16LE(n.length, 28);
  cd.writeUInt32LE(0, 42);
  const cdOffset = local.length + n.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cd.length + n.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, data, cd, n, eocd]);
}

describe('replay parsers', () => {
  it('reads a gzipped hftbacktest capture: skips diffs before the snapshot, maps m to the taker side', () => {
    const lines = [
      '1723161255030314667 {"stream":"btcusdt@depth@0ms","data":{"s":"BTCUSDT","U":1,"u":5,"pu":0,"b":[["100.0","1"]],"a":[]}}',
      '1723161255040000000 {"lastUpdateId":10,"bids":[["100.0","2"]],"asks":[["100.1","3"]]}',
      '1723161255050000000 {"stream":"btcusdt@depth@0ms","data":{"s":"BTCUSDT","U":8,"u":10,"pu":7,"b":[["99.9","1"]],"a":[]}}',
      '1723161255060000000 {"stream":"btcusdt@depth@0ms","data":{"s":"BTCUSDT","U":11,"u":12,"pu":10,"b":[["100.0","0"]],"a":[]}}',
      '1723161255070000000 {"stream":"btcusdt@trade","data":{"s":"BTCUSDT","t":7,"p":"100.1","q":"0.5","X":"MARKET","m":true}}',
      '1723161255080000000 {"stream":"btcusdt@bookTicker","data":{"u":13,"s":"BTCUSDT","b":"99.9","B":"1","a":"100.1","A":"3"}}',
    ];
    const ev = drain(createFileSource({ path: file('cap.gz', gzipSync(lines.join('\n'))) }));
    expect(ev.map((e) => e.kind)).toEqual(['depth', 'depth', 'trade', 'bbo']);
    expect(ev[0]).toMatchObject({ snapshot: true, updateId: 10, symbol: 'BTCUSDT', bids: [[100, 2]] });
    expect(ev[1]).toMatchObject({ snapshot: false, updateId: 12, bids: [[100, 0]] });
    expect(ev[2]).toMatchObject({ side: 'Sell', price: 100.1, qty: 0.5, id: '7' });
    expect(ev[0]!.ts).toBeCloseTo(1723161255040, 6);
  });

  it('reads Bybit orderbook archive lines from a zip, u=1 as a snapshot', () => {
    const lines = [
      '{"topic":"orderbook.500.XRPUSDT","type":"snapshot","ts":1000,"data":{"s":"XRPUSDT","b":[["1.9531","6203"]],"a":[["1.9532","10"]],"u":5,"seq":1},"cts":999}',
      '{"topic":"orderbook.500.XRPUSDT","type":"delta","ts":1100,"data":{"s":"XRPUSDT","b":[["1.9531","0"]],"a":[],"u":6,"seq":2},"cts":1099}',
      '{"topic":"orderbook.500.XRPUSDT","type":"delta","ts":1200,"data":{"s":"XRPUSDT","b":[["1.9500","1"]],"a":[["1.9600","1"]],"u":1,"seq":3},"cts":1199}',
    ];
    const ev = drain(createFileSource({ path: file('ob.data.zip', zip('ob.data', lines.join('\n'))) }));
    expect(ev.map((e) => (e.kind === 'depth' ? e.snapshot : null))).toEqual([true, false, true]);
    expect(ev[0]).toMatchObject({ symbol: 'XRPUSDT', bids: [[1.9531, 6203]] });
  });

  it('merges Tardis trades and quotes by time, and reads Bybit trade CSVs', () => {
    const trades = file(
      't.csv',
      'exchange,symbol,timestamp,local_timestamp,id,side,price,amount\nbinance-futures,BTCUSDT,2000,2100,1,buy,9682,0.132\nbinance-futures,BTCUSDT,4000,4100,2,sell,9681,0.2\n',
    );
    const quotes = file(
      'q.csv',
      'exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount\nbinance-futures,BTCUSDT,1000,1100,0.84,9682,9681.92,0.67\nbinance-futures,BTCUSDT,3000,3100,0.84,9682,9681.83,0.003\n',
    );
    const ev = drain(createReplaySource([{ path: trades }, { path: quotes }]));
    expect(ev.map((e) => e.kind)).toEqual(['bbo', 'trade', 'bbo', 'trade']);
    expect(ev.map((e) => e.ts)).toEqual([1, 2, 3, 4]);
    const bybit = file(
      'b.csv',
      'timestamp,symbol,side,size,price,tickDirection,trdMatchID,grossValue,homeNotional,foreignNotional\n1704067200.5,BTCUSDT,Sell,0.01,42000.5,MinusTick,abc,1,0.01,420\n',
    );
    expect(drain(createFileSource({ path: bybit }))[0]).toMatchObject({
      kind: 'trade',
      ts: 1704067200500,
      side: 'Sell',
      price: 42000.5,
      id: 'abc',
    });
  });

  it('names the problem when the format is unknown', () => {
    expect(() => createFileSource({ path: file('x.txt', 'hello\n') })).toThrow(/unknown market data format/);
  });
});
