import { tranche } from './gen/tranche.js';
import { Subjects, type RpcSubject } from './subjects.js';

/** The static surface protobufjs generates for every message class. */
export interface ProtoType<T> {
  create(properties?: object): T;
  encode(message: T): { finish(): Uint8Array };
  decode(bytes: Uint8Array): T;
  verify(message: { [k: string]: unknown }): string | null;
  fromObject(object: { [k: string]: unknown }): T;
  toObject(message: T, options?: object): { [k: string]: unknown };
  getTypeUrl(prefix?: string): string;
}

/** Fully qualified protobuf name, e.g. "tranche.risk.v1.RiskVerdict". */
export function typeName(type: ProtoType<unknown>): string {
  return type.getTypeUrl('').replace(/^\//, '');
}

const v = tranche;

/** Request and reply type of every request subject. */
export const rpcTypes = {
  [Subjects.getSnapshot]: {
    request: v.marketdata.v1.GetSnapshotRequest as ProtoType<tranche.marketdata.v1.GetSnapshotRequest>,
    reply: v.marketdata.v1.GetSnapshotResponse as ProtoType<tranche.marketdata.v1.GetSnapshotResponse>,
  },
  [Subjects.impactEstimate]: {
    request: v.impact.v1.ImpactRequest as ProtoType<tranche.impact.v1.ImpactRequest>,
    reply: v.impact.v1.ImpactEstimate as ProtoType<tranche.impact.v1.ImpactEstimate>,
  },
  [Subjects.decide]: {
    request: v.decision.v1.DecisionRequest as ProtoType<tranche.decision.v1.DecisionRequest>,
    reply: v.decision.v1.ExecutionDecision as ProtoType<tranche.decision.v1.ExecutionDecision>,
  },
  [Subjects.getLlmStats]: {
    request: v.decision.v1.GetLlmStatsRequest as ProtoType<tranche.decision.v1.GetLlmStatsRequest>,
    reply: v.decision.v1.LlmStats as ProtoType<tranche.decision.v1.LlmStats>,
  },
  [Subjects.riskValidate]: {
    request: v.risk.v1.RiskRequest as ProtoType<tranche.risk.v1.RiskRequest>,
    reply: v.risk.v1.RiskVerdict as ProtoType<tranche.risk.v1.RiskVerdict>,
  },
  [Subjects.riskSetTradingState]: {
    request: v.risk.v1.SetTradingStateRequest as ProtoType<tranche.risk.v1.SetTradingStateRequest>,
    reply: v.risk.v1.TradingStatus as ProtoType<tranche.risk.v1.TradingStatus>,
  },
  [Subjects.riskGetTradingState]: {
    request: v.risk.v1.GetTradingStateRequest as ProtoType<tranche.risk.v1.GetTradingStateRequest>,
    reply: v.risk.v1.TradingStatus as ProtoType<tranche.risk.v1.TradingStatus>,
  },
  [Subjects.riskGetLimits]: {
    request: v.risk.v1.GetLimitsRequest as ProtoType<tranche.risk.v1.GetLimitsRequest>,
    reply: v.risk.v1.RiskLimits as ProtoType<tranche.risk.v1.RiskLimits>,
  },
  [Subjects.submitParent]: {
    request: v.execution.v1
      .SubmitParentOrderRequest as ProtoType<tranche.execution.v1.SubmitParentOrderRequest>,
    reply: v.execution.v1
      .SubmitParentOrderResponse as ProtoType<tranche.execution.v1.SubmitParentOrderResponse>,
  },
  [Subjects.pauseParent]: {
    request: v.execution.v1
      .PauseParentOrderRequest as ProtoType<tranche.execution.v1.PauseParentOrderRequest>,
    reply: v.execution.v1
      .PauseParentOrderResponse as ProtoType<tranche.execution.v1.PauseParentOrderResponse>,
  },
  [Subjects.resumeParent]: {
    request: v.execution.v1
      .ResumeParentOrderRequest as ProtoType<tranche.execution.v1.ResumeParentOrderRequest>,
    reply: v.execution.v1
      .ResumeParentOrderResponse as ProtoType<tranche.execution.v1.ResumeParentOrderResponse>,
  },
  [Subjects.amendParent]: {
    request: v.execution.v1
      .AmendParentOrderRequest as ProtoType<tranche.execution.v1.AmendParentOrderRequest>,
    reply: v.execution.v1
      .AmendParentOrderResponse as ProtoType<tranche.execution.v1.AmendParentOrderResponse>,
  },
  [Subjects.ownerCancelParent]: {
    request: v.execution.v1
      .CancelParentOrderRequest as ProtoType<tranche.execution.v1.CancelParentOrderRequest>,
    reply: v.execution.v1
      .CancelParentOrderResponse as ProtoType<tranche.execution.v1.CancelParentOrderResponse>,
  },
  [Subjects.ownerPauseParent]: {
    request: v.execution.v1
      .PauseParentOrderRequest as ProtoType<tranche.execution.v1.PauseParentOrderRequest>,
    reply: v.execution.v1
      .PauseParentOrderResponse as ProtoType<tranche.execution.v1.PauseParentOrderResponse>,
  },
  [Subjects.ownerResumeParent]: {
    request: v.execution.v1
      .ResumeParentOrderRequest as ProtoType<tranche.execution.v1.ResumeParentOrderRequest>,
    reply: v.execution.v1
      .ResumeParentOrderResponse as ProtoType<tranche.execution.v1.ResumeParentOrderResponse>,
  },
  [Subjects.ownerAmendParent]: {
    request: v.execution.v1
      .AmendParentOrderRequest as ProtoType<tranche.execution.v1.AmendParentOrderRequest>,
    reply: v.execution.v1
      .AmendParentOrderResponse as ProtoType<tranche.execution.v1.AmendParentOrderResponse>,
  },
  [Subjects.cancelParent]: {
    request: v.execution.v1
      .CancelParentOrderRequest as ProtoType<tranche.execution.v1.CancelParentOrderRequest>,
    reply: v.execution.v1
      .CancelParentOrderResponse as ProtoType<tranche.execution.v1.CancelParentOrderResponse>,
  },
  [Subjects.getParent]: {
    request: v.execution.v1.GetParentOrderRequest as ProtoType<tranche.execution.v1.GetParentOrderRequest>,
    reply: v.execution.v1.GetParentOrderResponse as ProtoType<tranche.execution.v1.GetParentOrderResponse>,
  },
} as const;

export type RpcTypes = typeof rpcTypes;
export type RpcRequest<S extends RpcSubject> = RpcTypes[S]['request'] extends ProtoType<infer T> ? T : never;
export type RpcReply<S extends RpcSubject> = RpcTypes[S]['reply'] extends ProtoType<infer T> ? T : never;

/** Message types that travel as events rather than requests. */
export const eventTypes = {
  snapshot: v.marketdata.v1.MarketSnapshot as ProtoType<tranche.marketdata.v1.MarketSnapshot>,
  trade: v.marketdata.v1.Trade as ProtoType<tranche.marketdata.v1.Trade>,
  executionEvent: v.execution.v1.ExecutionEvent as ProtoType<tranche.execution.v1.ExecutionEvent>,
  tradingStatus: v.risk.v1.TradingStatus as ProtoType<tranche.risk.v1.TradingStatus>,
  headline: v.decision.v1.Headline as ProtoType<tranche.decision.v1.Headline>,
} as const;

export const ErrorType = v.common.v1.Error as ProtoType<tranche.common.v1.Error>;

const byName = new Map<string, ProtoType<unknown>>();
for (const entry of Object.values(rpcTypes)) {
  byName.set(typeName(entry.request), entry.request as ProtoType<unknown>);
  byName.set(typeName(entry.reply), entry.reply as ProtoType<unknown>);
}
for (const t of Object.values(eventTypes)) byName.set(typeName(t), t as ProtoType<unknown>);
byName.set(typeName(ErrorType), ErrorType as ProtoType<unknown>);

/** Look a message type up by its fully qualified name (as carried in the message-type header). */
export function protoTypeByName(name: string): ProtoType<unknown> | undefined {
  return byName.get(name);
}
