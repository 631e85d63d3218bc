import type { SimulatorHandle } from '@tranche/bybit-sim';
import type { execution } from '@tranche/contracts';
import { Dec } from '@tranche/execution-core';

export const SIM_KEY = 'it-key';
export const SIM_SECRET = 'it-secret-0123456789';

/** The services' environment for trading the simulator through the real Bybit adapters. */
export function simulatorEnv(sim: SimulatorHandle, symbols: readonly string[]): Record<string, string> {
  return {
    MD_SOURCE: 'bybit',
    MD_SYMBOLS: symbols.join(','),
    MD_KLINE_BACKFILL_MINUTES: '0',
    BYBIT_WS_PUBLIC_URL: `${sim.wsUrl}/v5/public/linear`,
    BYBIT_REST_URL: sim.restUrl,
    ROUTER_VENUE: 'bybit',
    BYBIT_WS_URL: sim.wsUrl,
    BYBIT_API_KEY: SIM_KEY,
    BYBIT_API_SECRET: SIM_SECRET,
    // A market minutes old has little volume yet; these tests are about routing, not the participation cap.
    RISK_MAX_PARTICIPATION: '1',
  };
}

export interface Ledger {
  orders: Array<{ orderLinkId: string; statuses: Array<{ status: string }> }>;
  fills: Array<{ orderLinkId: string; execId: string; execQty: string }>;
  violations: unknown[];
}

export async function ledgerOf(sim: SimulatorHandle): Promise<Ledger> {
  return (await (await fetch(`${sim.restUrl}/sim/ledger`)).json()) as Ledger;
}

/**
 * What the venue's own ledger says against what we recorded for one parent: each of its child ids
 * reached the venue at most once, none is still working, our fills are the venue's exec for exec, and
 * together they fill exactly `quantity`. Returns the failures, empty when the two agree.
 */
export function venueDisagreements(
  ledger: Ledger,
  parentId: string,
  ours: { fills: readonly execution.IFill[] },
  quantity: string,
): string[] {
  const out: string[] = [];
  if (ledger.violations.length > 0) out.push(`venue violations: ${JSON.stringify(ledger.violations)}`);
  const orders = ledger.orders.filter((o) => o.orderLinkId.startsWith(parentId));
  if (new Set(orders.map((o) => o.orderLinkId)).size !== orders.length)
    out.push('an orderLinkId reached the venue twice');
  for (const o of orders) {
    const last = o.statuses[o.statuses.length - 1]?.status;
    if (!['Filled', 'Cancelled', 'Rejected'].includes(last ?? ''))
      out.push(`${o.orderLinkId} is still ${last} at the venue`);
  }
  const venueFills = ledger.fills.filter((f) => f.orderLinkId.startsWith(parentId));
  const theirs = venueFills.map((f) => f.execId).sort();
  const mine = ours.fills.map((f) => f.execId ?? '').sort();
  if (JSON.stringify(theirs) !== JSON.stringify(mine))
    out.push(`fills differ: venue ${theirs.length}, ours ${mine.length}`);
  const filled = venueFills.reduce((s, f) => s.plus(f.execQty), new Dec(0)).toFixed();
  if (filled !== new Dec(quantity).toFixed()) out.push(`the venue filled ${filled}, not ${quantity}`);
  return out;
}
