import { parseFill, parseInstrumentRules, parseOrderStatus, parseOrderUpdate } from './parse.js';

describe('trading parse', () => {
  it('maps every Bybit order status, folding the cancelled variants into Cancelled', () => {
    expect(
      [
        'Created',
        'New',
        'Untriggered',
        'Triggered',
        'PartiallyFilled',
        'Filled',
        'Cancelled',
        'PartiallyFilledCanceled',
        'Deactivated',
        'Rejected',
      ].map(parseOrderStatus),
    ).toEqual([
      'New',
      'New',
      'New',
      'New',
      'PartiallyFilled',
      'Filled',
      'Cancelled',
      'Cancelled',
      'Cancelled',
      'Rejected',
    ]);
    expect(parseOrderStatus('Exploded')).toBeUndefined();
    expect(parseOrderStatus('toString')).toBeUndefined();
    expect(parseOrderStatus(undefined)).toBeUndefined();
  });

  it('maps an order item, keeping decimal strings and dropping the EC_NoError reason', () => {
    const item = {
      orderId: 'o-1',
      orderLinkId: 'child-1',
      symbol: 'BTCUSDT',
      orderStatus: 'PartiallyFilled',
      cumExecQty: '0.010',
      rejectReason: 'EC_NoError',
      category: 'linear',
    };
    expect(parseOrderUpdate(item)).toEqual({
      orderLinkId: 'child-1',
      venueOrderId: 'o-1',
      symbol: 'BTCUSDT',
      status: 'PartiallyFilled',
      cumExecQty: '0.010',
    });
    expect(
      parseOrderUpdate({ ...item, orderStatus: 'Cancelled', rejectReason: 'EC_PostOnlyWillTakeLiquidity' }),
    ).toMatchObject({ status: 'Cancelled', rejectReason: 'EC_PostOnlyWillTakeLiquidity' });
    expect(parseOrderUpdate({ ...item, orderStatus: 'Weird' })).toBeUndefined();
    expect(parseOrderUpdate({ ...item, orderId: '' })).toBeUndefined();
    expect(parseOrderUpdate(null)).toBeUndefined();
  });

  it('maps only Trade executions to fills', () => {
    const exec = {
      execId: 'e-1',
      orderId: 'o-1',
      orderLinkId: 'child-1',
      symbol: 'BTCUSDT',
      execPrice: '60000.10',
      execQty: '0.005',
      execFee: '0.16500028',
      execType: 'Trade',
      execTime: '1767621600123',
      isMaker: false,
    };
    expect(parseFill(exec)).toEqual({
      execId: 'e-1',
      orderLinkId: 'child-1',
      symbol: 'BTCUSDT',
      price: '60000.10',
      qty: '0.005',
      fee: '0.16500028',
      isMaker: false,
      tsMs: 1767621600123,
    });
    expect(parseFill({ ...exec, isMaker: true })?.isMaker).toBe(true);
    expect(parseFill({ ...exec, execType: 'Funding' })).toBeUndefined();
    expect(parseFill({ ...exec, execTime: 'soon' })).toBeUndefined();
    expect(parseFill({ ...exec, execQty: '' })).toBeUndefined();
  });

  it('maps linear instrument filters to InstrumentRules', () => {
    const item = {
      symbol: 'BTCUSDT',
      status: 'Trading',
      priceFilter: { minPrice: '0.10', maxPrice: '1999999.80', tickSize: '0.10' },
      lotSizeFilter: {
        maxOrderQty: '1190.000',
        minOrderQty: '0.001',
        qtyStep: '0.001',
        maxMktOrderQty: '500.000',
        minNotionalValue: '5',
      },
    };
    expect(parseInstrumentRules(item)).toEqual({
      symbol: 'BTCUSDT',
      tickSize: '0.10',
      qtyStep: '0.001',
      minOrderQty: '0.001',
      maxOrderQty: '1190.000',
      minNotional: '5',
    });
    const { minNotionalValue: _dropped, ...older } = item.lotSizeFilter;
    expect(parseInstrumentRules({ ...item, lotSizeFilter: older })?.minNotional).toBe('0');
    expect(parseInstrumentRules({ ...item, priceFilter: {} })).toBeUndefined();
    expect(parseInstrumentRules({ symbol: 'BTCUSDT' })).toBeUndefined();
  });
});
