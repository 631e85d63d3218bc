import $protobuf from 'protobufjs/minimal.js';
import { tranche } from './gen/tranche.js';

// int64 fields (timestamps in ms, sequences) must decode as plain numbers:
// every value we put in them is below 2^53, and Long objects leak into JSON and
// comparisons. Prices and quantities never use int64: they are decimal strings.
$protobuf.util.Long = undefined as unknown as typeof $protobuf.util.Long;
$protobuf.configure();

export { tranche };
export * from './subjects.js';
export * from './registry.js';
export * from './enums.js';

// Aliases usable both as values (marketdata.MarketSnapshot.create) and as types (marketdata.MarketSnapshot).
export import common = tranche.common.v1;
export import marketdata = tranche.marketdata.v1;
export import impact = tranche.impact.v1;
export import decision = tranche.decision.v1;
export import risk = tranche.risk.v1;
export import execution = tranche.execution.v1;

export type Side = tranche.common.v1.Side;
export type ErrorReply = tranche.common.v1.Error;
export type MarketSnapshot = tranche.marketdata.v1.MarketSnapshot;
export type Trade = tranche.marketdata.v1.Trade;
export type ImpactRequest = tranche.impact.v1.ImpactRequest;
export type ImpactEstimate = tranche.impact.v1.ImpactEstimate;
export type DecisionRequest = tranche.decision.v1.DecisionRequest;
export type ExecutionDecision = tranche.decision.v1.ExecutionDecision;
export type RiskRequest = tranche.risk.v1.RiskRequest;
export type RiskVerdict = tranche.risk.v1.RiskVerdict;
export type ParentOrder = tranche.execution.v1.ParentOrder;
export type ChildOrder = tranche.execution.v1.ChildOrder;
export type Fill = tranche.execution.v1.Fill;
export type ExecutionEvent = tranche.execution.v1.ExecutionEvent;
export type ExecutionReport = tranche.execution.v1.ExecutionReport;
