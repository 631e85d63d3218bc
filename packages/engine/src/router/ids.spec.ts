import { childId, newParentId, parentIdOf } from './ids.js';

describe('order ids', () => {
  it('derive child ids from parent, slice and attempt only', () => {
    expect(childId('p0123456789ab', 12, 0)).toBe('p0123456789ab-12-0');
    expect(childId('p0123456789ab', 12, 0)).toBe(childId('p0123456789ab', 12, 0));
  });

  it('keep child ids within Bybit orderLinkId rules for the largest slice numbers', () => {
    const id = childId(newParentId(), 999_999, 99);
    expect(id.length).toBeLessThanOrEqual(36);
    expect(id).toMatch(/^[0-9A-Za-z_-]+$/);
  });

  it('refuse an id Bybit would reject', () => {
    expect(() => childId('p'.repeat(40), 1, 0)).toThrow(/orderLinkId/);
    expect(() => childId('bad id', 1, 0)).toThrow(/orderLinkId/);
  });

  it('lead back from a child id to its parent', () => {
    const parent = newParentId();
    expect(parentIdOf(childId(parent, 7, 2))).toBe(parent);
  });
});
