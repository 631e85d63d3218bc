import { BybitVenue, validateDcpWindow } from './bybit-venue.js';

describe('disconnect cancel-all window option', () => {
  it.each([0, 3, 10, 300])('accepts %d (0 turns DCP off; 3..300 are the windows Bybit takes)', (w) => {
    expect(validateDcpWindow(w)).toBe(w);
  });

  it.each([1, 2, 301, 10.5, -10, Number.NaN])('refuses %d with a message naming the range', (w) => {
    expect(() => validateDcpWindow(w)).toThrow(/0 \(off\) or an integer number of seconds in \[3, 300\]/);
  });

  it('refuses a venue configured with a window Bybit would reject, before any request is made', () => {
    expect(
      () => new BybitVenue({ key: 'k', secret: 's', restBaseUrl: 'http://127.0.0.1:9', dcpWindowS: 2 }),
    ).toThrow(/dcpWindowS must be 0 \(off\)/);
  });
});
