import { Instrument, instrumentSpec } from './instruments.js';

describe(Instrument.name, () => {
  const btc = new Instrument(instrumentSpec('BTCUSDT'));
  const xrp = new Instrument(instrumentSpec('XRPUSDT'));

  it('formats ticks and lots exactly with the rule precision', () => {
    expect(btc.price(600001)).toBe('60000.10');
    expect(btc.qty(1)).toBe('0.001');
    expect(btc.qty(1_190_000)).toBe('1190.000');
    expect(btc.qty(0)).toBe('0.000');
    expect(xrp.price(19531)).toBe('1.9531');
    expect(xrp.qty(25)).toBe('25');
  });

  it('parses prices on the tick grid only', () => {
    expect(btc.parsePriceTicks('60000.1')).toBe(600001);
    expect(btc.parsePriceTicks('60000.10')).toBe(600001);
    expect(btc.parsePriceTicks('60000')).toBe(600000);
    expect(btc.parsePriceTicks('60000.05')).toBeUndefined();
    expect(btc.parsePriceTicks('6e4')).toBe(600000);
    expect(btc.parsePriceTicks('abc')).toBeUndefined();
  });

  it('truncates quantities to qtyStep', () => {
    expect(btc.parseQtyLots('0.0019')).toBe(1);
    expect(btc.parseQtyLots('0.0010')).toBe(1);
    expect(btc.parseQtyLots('0.0004')).toBe(0);
    expect(btc.parseQtyLots('1.5')).toBe(1500);
    expect(btc.parseQtyLots('-1')).toBeUndefined();
    expect(xrp.parseQtyLots('10.7')).toBe(10);
  });
});
