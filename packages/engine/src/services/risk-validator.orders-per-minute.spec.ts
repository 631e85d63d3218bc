import { common, risk } from '@tranche/contracts';
import { defaultRiskLimits } from '@tranche/execution-core';
import { MemoryRateCounter } from '../adapters/memory-rate-counter.js';
import { DEFAULT_INSTRUMENTS } from '../market/instruments.js';
import { RiskValidator } from './risk-validator.js';

const request = (quantity: string, childId: string) =>
  risk.RiskRequest.create({
    childId,
    symbol: 'BTCUSDT',
    side: common.Side.SIDE_BUY,
    quantity,
    referencePrice: '96000',
    arrivalPrice: '96000',
    remainingQuantity: '10',
    recentVolume: '1000',
    spreadBps: 1,
    aggressive: true,
  });

describe(RiskValidator.name, () => {
  const limits = {
    ...defaultRiskLimits(),
    maxOrdersPerMinute: 3,
    maxOrderNotional: '50000',
    minIntervalMs: 0,
  };

  it('denies the order past the per-minute budget and frees it a minute later', async () => {
    const sut = new RiskValidator(new MemoryRateCounter(), {
      limits,
      instruments: DEFAULT_INSTRUMENTS,
      evaluatedBy: 't',
    });
    const t0 = 1_000_000;
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await sut.validate(request('0.1', `c${i}`), t0 + i));
    expect(verdicts.map((v) => risk.RiskDecision[v.decision])).toEqual([
      'RISK_DECISION_APPROVE',
      'RISK_DECISION_APPROVE',
      'RISK_DECISION_APPROVE',
      'RISK_DECISION_DENY',
    ]);
    expect(verdicts[3]!.reasons.map((r) => r.code)).toContain('MAX_ORDERS_PER_MINUTE');
    expect(risk.RiskDecision[(await sut.validate(request('0.1', 'c9'), t0 + 61_000)).decision]).toBe(
      'RISK_DECISION_APPROVE',
    );
  });

  it('clamps an order over the notional limit to the largest lot-step quantity under it', async () => {
    const sut = new RiskValidator(new MemoryRateCounter(), {
      limits,
      instruments: DEFAULT_INSTRUMENTS,
      evaluatedBy: 't',
    });
    const v = await sut.validate(request('1', 'big'), 1);
    expect(risk.RiskDecision[v.decision]).toBe('RISK_DECISION_CLAMP');
    // 50000 / 96000 = 0.5208..., down to the 0.001 step.
    expect(v.quantity).toBe('0.520');
    expect(v.reasons.map((r) => r.code)).toContain('MAX_ORDER_NOTIONAL');
  });

  it('denies an instrument it has no rules for instead of guessing', async () => {
    const sut = new RiskValidator(new MemoryRateCounter(), {
      limits,
      instruments: DEFAULT_INSTRUMENTS,
      evaluatedBy: 't',
    });
    const v = await sut.validate({ ...request('1', 'x'), symbol: 'DOGEUSDT' }, 1);
    expect(v.reasons[0]!.code).toBe('UNKNOWN_INSTRUMENT');
  });
});
