import { DEFAULT_ADVICE_LIMITS } from './limits.js';
import { parseModelOutput, validateModelAnswer, type AnswerContext } from './answer-validation.js';

const T = Date.UTC(2026, 0, 5, 12);
const ctx = (over: Partial<AnswerContext> = {}): AnswerContext => ({
  side: 'BUY',
  remaining: '4',
  baselineQuantity: '1',
  arrivalPrice: 60_000,
  bestBid: 59_999,
  bestAsk: 60_001,
  nowMs: T,
  deadlineMs: T + 3_600_000,
  elapsedFraction: 0.3,
  sliceIntervalMs: 300_000,
  limits: DEFAULT_ADVICE_LIMITS,
  ...over,
});
const answer = (over: Record<string, unknown>) => ({
  action: 'ACCELERATE',
  quantity: null,
  limit_price: null,
  duration_secs: null,
  new_rate: 1.5,
  impact_adjustment: 1,
  reasoning: 'ok',
  confidence: 0.5,
  ...over,
});
const codes = (raw: unknown, c = ctx()) => {
  const r = validateModelAnswer(raw, c);
  return r.ok ? 'ok' : r.reasons.map((x) => x.code).join(',');
};

describe('validateModelAnswer', () => {
  it.each([
    ['a valid acceleration', answer({}), 'ok'],
    [
      'a valid passive order inside the band and below the ask',
      answer({ action: 'PASSIVE', new_rate: null, quantity: 1, limit_price: 59_950 }),
      'ok',
    ],
    [
      'a quantity above what remains',
      answer({ action: 'AGGRESSIVE', new_rate: null, quantity: 4.001 }),
      'QUANTITY',
    ],
    [
      'a quantity above three baseline slices',
      answer({ action: 'AGGRESSIVE', new_rate: null, quantity: 3.5 }),
      'QUANTITY',
    ],
    ['a zero quantity', answer({ action: 'AGGRESSIVE', new_rate: null, quantity: 0 }), 'QUANTITY'],
    [
      'a limit outside the band',
      answer({ action: 'PASSIVE', new_rate: null, quantity: 1, limit_price: 59_000 }),
      'LIMIT_PRICE',
    ],
    [
      'a passive buy through the ask',
      answer({ action: 'PASSIVE', new_rate: null, quantity: 1, limit_price: 60_001 }),
      'LIMIT_PRICE',
    ],
    [
      'a WAIT past the last slice',
      answer({ action: 'WAIT', new_rate: null, duration_secs: 3_500 }),
      'WAIT_DURATION',
    ],
    [
      'a WAIT beyond the limit',
      answer({ action: 'WAIT', new_rate: null, duration_secs: 601 }),
      'WAIT_DURATION',
    ],
    ['an acceleration beyond the limit', answer({ new_rate: 3.5 }), 'RATE'],
    [
      'a deceleration that is really an acceleration',
      answer({ action: 'DECELERATE', new_rate: 1.2 }),
      'RATE',
    ],
    ['a field the action does not use', answer({ quantity: 1 }), 'ANSWER_FIELDS'],
    [
      'a field the action needs left null',
      answer({ action: 'PASSIVE', new_rate: null, quantity: 1 }),
      'ANSWER_FIELDS',
    ],
    ['an unknown action', answer({ action: 'SELL_ALL' }), 'ANSWER_SCHEMA'],
    ['an extra key', { ...answer({}), leverage: 10 }, 'ANSWER_SCHEMA'],
    ['a missing key', (({ confidence: _c, ...rest }) => rest)(answer({})), 'ANSWER_SCHEMA'],
    ['a number as a string', answer({ new_rate: '1.5' }), 'ANSWER_SCHEMA'],
    ['an impact adjustment outside 0.5..2', answer({ impact_adjustment: 3 }), 'ANSWER_SCHEMA'],
    ['an empty reasoning', answer({ reasoning: '  ' }), 'ANSWER_REASONING'],
  ])('%s: %s', (_name, raw, expected) => {
    expect(codes(raw)).toBe(expected);
  });

  it('in the final phase only AGGRESSIVE and ACCELERATE are accepted', () => {
    const late = ctx({ elapsedFraction: 0.97 });
    expect(codes(answer({}), late)).toBe('ok');
    expect(codes(answer({ action: 'AGGRESSIVE', new_rate: null, quantity: 1 }), late)).toBe('ok');
    expect(codes(answer({ action: 'DECELERATE', new_rate: 0.5 }), late)).toBe('ACTION_NOT_ALLOWED');
    expect(codes(answer({ action: 'CANCEL', new_rate: null }), late)).toBe('ACTION_NOT_ALLOWED');
    const lastSlice = ctx({ nowMs: T + 3_400_000 });
    expect(
      codes(answer({ action: 'PASSIVE', new_rate: null, quantity: 1, limit_price: 59_990 }), lastSlice),
    ).toBe('ACTION_NOT_ALLOWED');
  });

  it('without an arrival price no limit price can be checked, so none is accepted', () => {
    const raw = answer({ action: 'PASSIVE', new_rate: null, quantity: 1, limit_price: 59_990 });
    expect(codes(raw, ctx({ arrivalPrice: undefined }))).toBe('LIMIT_PRICE');
  });

  it('a sell rests above the bid, never at or below it', () => {
    const sell = ctx({ side: 'SELL' });
    const p = (limit: number) =>
      answer({ action: 'PASSIVE', new_rate: null, quantity: 1, limit_price: limit });
    expect(codes(p(60_010), sell)).toBe('ok');
    expect(codes(p(59_999), sell)).toBe('LIMIT_PRICE');
  });

  it('keeps prices and quantities as decimal strings and strips control characters from reasoning', () => {
    const r = validateModelAnswer(
      answer({
        action: 'PASSIVE',
        new_rate: null,
        quantity: 0.1,
        limit_price: 59_990.3,
        reasoning: 'join\u001b[31m the bid\u202e',
      }),
      ctx(),
    );
    expect(r.ok && r.advice).toEqual(
      expect.objectContaining({ quantity: '0.1', limitPrice: '59990.3', reasoning: 'join[31m the bid' }),
    );
  });

  it('tells a refusal, a truncated answer, prose and nothing apart', () => {
    const code = (x: ReturnType<typeof parseModelOutput>) => (x.ok ? 'ok' : x.reasons[0]!.code);
    expect(code(parseModelOutput(null, 'no'))).toBe('MODEL_REFUSED');
    expect(code(parseModelOutput('{"a":', null, 'length'))).toBe('ANSWER_TRUNCATED');
    expect(code(parseModelOutput('I think you should buy', null))).toBe('ANSWER_NOT_JSON');
    expect(code(parseModelOutput('', null))).toBe('ANSWER_EMPTY');
    expect(code(parseModelOutput('{"a":1}', null, 'stop'))).toBe('ok');
  });
});
