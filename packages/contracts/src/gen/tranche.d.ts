import * as $protobuf from "protobufjs";
import Long = require("long");

export namespace tranche {

    namespace common {

        namespace v1 {

            enum Side {
                SIDE_UNSPECIFIED = 0,
                SIDE_BUY = 1,
                SIDE_SELL = 2
            }

            interface IError extends tranche.common.v1.Error.$Properties {
            }

            class Error {
                constructor(properties?: tranche.common.v1.Error.$Properties);
                $unknowns?: Uint8Array[];
                code: string;
                message: string;
                expectedType: string;
                static create(properties: tranche.common.v1.Error.$Shape): tranche.common.v1.Error & tranche.common.v1.Error.$Shape;
                static create(properties?: tranche.common.v1.Error.$Properties): tranche.common.v1.Error;
                static encode(message: tranche.common.v1.Error.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.common.v1.Error.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.common.v1.Error & tranche.common.v1.Error.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.common.v1.Error & tranche.common.v1.Error.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.common.v1.Error;
                static toObject(message: tranche.common.v1.Error, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace Error {
                interface $Properties {
                    code?: (string|null);
                    message?: (string|null);
                    expectedType?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.common.v1.Error.$Properties;
            }
        }
    }

    namespace marketdata {

        namespace v1 {

            interface IPriceLevel extends tranche.marketdata.v1.PriceLevel.$Properties {
            }

            class PriceLevel {
                constructor(properties?: tranche.marketdata.v1.PriceLevel.$Properties);
                $unknowns?: Uint8Array[];
                price: string;
                size: string;
                static create(properties: tranche.marketdata.v1.PriceLevel.$Shape): tranche.marketdata.v1.PriceLevel & tranche.marketdata.v1.PriceLevel.$Shape;
                static create(properties?: tranche.marketdata.v1.PriceLevel.$Properties): tranche.marketdata.v1.PriceLevel;
                static encode(message: tranche.marketdata.v1.PriceLevel.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.marketdata.v1.PriceLevel.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.marketdata.v1.PriceLevel & tranche.marketdata.v1.PriceLevel.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.marketdata.v1.PriceLevel & tranche.marketdata.v1.PriceLevel.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.marketdata.v1.PriceLevel;
                static toObject(message: tranche.marketdata.v1.PriceLevel, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace PriceLevel {
                interface $Properties {
                    price?: (string|null);
                    size?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.marketdata.v1.PriceLevel.$Properties;
            }

            interface IMarketSnapshot extends tranche.marketdata.v1.MarketSnapshot.$Properties {
            }

            class MarketSnapshot {
                constructor(properties?: tranche.marketdata.v1.MarketSnapshot.$Properties);
                $unknowns?: Uint8Array[];
                symbol: string;
                tsEvent: number;
                tsInit: number;
                bestBid: string;
                bestAsk: string;
                bidSize: string;
                askSize: string;
                mid: string;
                microprice: string;
                spreadBps: number;
                bids: tranche.marketdata.v1.PriceLevel.$Properties[];
                asks: tranche.marketdata.v1.PriceLevel.$Properties[];
                depthBid_10bps: number;
                depthAsk_10bps: number;
                imbalance: number;
                volume_1m: string;
                tradeCount_1m: number;
                dailyVolatility: number;
                averageDailyVolume: string;
                fundingRate: string;
                nextFundingTime: number;
                openInterest: string;
                openInterestChange: number;
                liquidationFlow: number;
                markPrice: string;
                indexPrice: string;
                source: string;
                sequence: number;
                static create(properties: tranche.marketdata.v1.MarketSnapshot.$Shape): tranche.marketdata.v1.MarketSnapshot & tranche.marketdata.v1.MarketSnapshot.$Shape;
                static create(properties?: tranche.marketdata.v1.MarketSnapshot.$Properties): tranche.marketdata.v1.MarketSnapshot;
                static encode(message: tranche.marketdata.v1.MarketSnapshot.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.marketdata.v1.MarketSnapshot.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.marketdata.v1.MarketSnapshot & tranche.marketdata.v1.MarketSnapshot.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.marketdata.v1.MarketSnapshot & tranche.marketdata.v1.MarketSnapshot.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.marketdata.v1.MarketSnapshot;
                static toObject(message: tranche.marketdata.v1.MarketSnapshot, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace MarketSnapshot {
                interface $Properties {
                    symbol?: (string|null);
                    tsEvent?: (number|null);
                    tsInit?: (number|null);
                    bestBid?: (string|null);
                    bestAsk?: (string|null);
                    bidSize?: (string|null);
                    askSize?: (string|null);
                    mid?: (string|null);
                    microprice?: (string|null);
                    spreadBps?: (number|null);
                    bids?: (tranche.marketdata.v1.PriceLevel.$Properties[]|null);
                    asks?: (tranche.marketdata.v1.PriceLevel.$Properties[]|null);
                    depthBid_10bps?: (number|null);
                    depthAsk_10bps?: (number|null);
                    imbalance?: (number|null);
                    volume_1m?: (string|null);
                    tradeCount_1m?: (number|null);
                    dailyVolatility?: (number|null);
                    averageDailyVolume?: (string|null);
                    fundingRate?: (string|null);
                    nextFundingTime?: (number|null);
                    openInterest?: (string|null);
                    openInterestChange?: (number|null);
                    liquidationFlow?: (number|null);
                    markPrice?: (string|null);
                    indexPrice?: (string|null);
                    source?: (string|null);
                    sequence?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.marketdata.v1.MarketSnapshot.$Properties;
            }

            interface ITrade extends tranche.marketdata.v1.Trade.$Properties {
            }

            class Trade {
                constructor(properties?: tranche.marketdata.v1.Trade.$Properties);
                $unknowns?: Uint8Array[];
                symbol: string;
                tsEvent: number;
                price: string;
                size: string;
                aggressorSide: tranche.common.v1.Side;
                tradeId: string;
                static create(properties: tranche.marketdata.v1.Trade.$Shape): tranche.marketdata.v1.Trade & tranche.marketdata.v1.Trade.$Shape;
                static create(properties?: tranche.marketdata.v1.Trade.$Properties): tranche.marketdata.v1.Trade;
                static encode(message: tranche.marketdata.v1.Trade.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.marketdata.v1.Trade.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.marketdata.v1.Trade & tranche.marketdata.v1.Trade.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.marketdata.v1.Trade & tranche.marketdata.v1.Trade.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.marketdata.v1.Trade;
                static toObject(message: tranche.marketdata.v1.Trade, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace Trade {
                interface $Properties {
                    symbol?: (string|null);
                    tsEvent?: (number|null);
                    price?: (string|null);
                    size?: (string|null);
                    aggressorSide?: (tranche.common.v1.Side|null);
                    tradeId?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.marketdata.v1.Trade.$Properties;
            }

            interface IGetSnapshotRequest extends tranche.marketdata.v1.GetSnapshotRequest.$Properties {
            }

            class GetSnapshotRequest {
                constructor(properties?: tranche.marketdata.v1.GetSnapshotRequest.$Properties);
                $unknowns?: Uint8Array[];
                symbol: string;
                static create(properties: tranche.marketdata.v1.GetSnapshotRequest.$Shape): tranche.marketdata.v1.GetSnapshotRequest & tranche.marketdata.v1.GetSnapshotRequest.$Shape;
                static create(properties?: tranche.marketdata.v1.GetSnapshotRequest.$Properties): tranche.marketdata.v1.GetSnapshotRequest;
                static encode(message: tranche.marketdata.v1.GetSnapshotRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.marketdata.v1.GetSnapshotRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.marketdata.v1.GetSnapshotRequest & tranche.marketdata.v1.GetSnapshotRequest.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.marketdata.v1.GetSnapshotRequest & tranche.marketdata.v1.GetSnapshotRequest.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.marketdata.v1.GetSnapshotRequest;
                static toObject(message: tranche.marketdata.v1.GetSnapshotRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace GetSnapshotRequest {
                interface $Properties {
                    symbol?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.marketdata.v1.GetSnapshotRequest.$Properties;
            }

            interface IGetSnapshotResponse extends tranche.marketdata.v1.GetSnapshotResponse.$Properties {
            }

            class GetSnapshotResponse {
                constructor(properties?: tranche.marketdata.v1.GetSnapshotResponse.$Properties);
                $unknowns?: Uint8Array[];
                snapshot?: (tranche.marketdata.v1.MarketSnapshot.$Properties|null);
                found: boolean;
                static create(properties: tranche.marketdata.v1.GetSnapshotResponse.$Shape): tranche.marketdata.v1.GetSnapshotResponse & tranche.marketdata.v1.GetSnapshotResponse.$Shape;
                static create(properties?: tranche.marketdata.v1.GetSnapshotResponse.$Properties): tranche.marketdata.v1.GetSnapshotResponse;
                static encode(message: tranche.marketdata.v1.GetSnapshotResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.marketdata.v1.GetSnapshotResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.marketdata.v1.GetSnapshotResponse & tranche.marketdata.v1.GetSnapshotResponse.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.marketdata.v1.GetSnapshotResponse & tranche.marketdata.v1.GetSnapshotResponse.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.marketdata.v1.GetSnapshotResponse;
                static toObject(message: tranche.marketdata.v1.GetSnapshotResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace GetSnapshotResponse {
                interface $Properties {
                    snapshot?: (tranche.marketdata.v1.MarketSnapshot.$Properties|null);
                    found?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.marketdata.v1.GetSnapshotResponse.$Properties;
            }

            class MarketDataService extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): MarketDataService;
                getSnapshot: tranche.marketdata.v1.MarketDataService.GetSnapshot;
            }

            namespace MarketDataService {
                type GetSnapshotCallback = (error: (Error|null), response?: tranche.marketdata.v1.GetSnapshotResponse) => void;
                type GetSnapshot = {
                  (request: tranche.marketdata.v1.IGetSnapshotRequest, callback: tranche.marketdata.v1.MarketDataService.GetSnapshotCallback): void;
                  (request: tranche.marketdata.v1.IGetSnapshotRequest): Promise<tranche.marketdata.v1.GetSnapshotResponse>;
                  readonly name: "GetSnapshot";
                  readonly path: "/tranche.marketdata.v1.MarketDataService/GetSnapshot";
                  readonly requestType: "GetSnapshotRequest";
                  readonly responseType: "GetSnapshotResponse";
                  readonly requestStream: undefined;
                  readonly responseStream: undefined;
                };
            }
        }
    }

    namespace impact {

        namespace v1 {

            interface IImpactRequest extends tranche.impact.v1.ImpactRequest.$Properties {
            }

            class ImpactRequest {
                constructor(properties?: tranche.impact.v1.ImpactRequest.$Properties);
                $unknowns?: Uint8Array[];
                parentId: string;
                symbol: string;
                side: tranche.common.v1.Side;
                quantity: string;
                remainingQuantity: string;
                horizonMs: number;
                snapshot?: (tranche.marketdata.v1.MarketSnapshot.$Properties|null);
                adjustmentFactor: number;
                static create(properties: tranche.impact.v1.ImpactRequest.$Shape): tranche.impact.v1.ImpactRequest & tranche.impact.v1.ImpactRequest.$Shape;
                static create(properties?: tranche.impact.v1.ImpactRequest.$Properties): tranche.impact.v1.ImpactRequest;
                static encode(message: tranche.impact.v1.ImpactRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.impact.v1.ImpactRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.impact.v1.ImpactRequest & tranche.impact.v1.ImpactRequest.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.impact.v1.ImpactRequest & tranche.impact.v1.ImpactRequest.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.impact.v1.ImpactRequest;
                static toObject(message: tranche.impact.v1.ImpactRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ImpactRequest {
                interface $Properties {
                    parentId?: (string|null);
                    symbol?: (string|null);
                    side?: (tranche.common.v1.Side|null);
                    quantity?: (string|null);
                    remainingQuantity?: (string|null);
                    horizonMs?: (number|null);
                    snapshot?: (tranche.marketdata.v1.MarketSnapshot.$Properties|null);
                    adjustmentFactor?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.impact.v1.ImpactRequest.$Properties;
            }

            interface IImpactEstimate extends tranche.impact.v1.ImpactEstimate.$Properties {
            }

            class ImpactEstimate {
                constructor(properties?: tranche.impact.v1.ImpactEstimate.$Properties);
                $unknowns?: Uint8Array[];
                baseBps: number;
                adjustmentFactor: number;
                finalBps: number;
                lowBps: number;
                highBps: number;
                model: string;
                reasoning: string;
                static create(properties: tranche.impact.v1.ImpactEstimate.$Shape): tranche.impact.v1.ImpactEstimate & tranche.impact.v1.ImpactEstimate.$Shape;
                static create(properties?: tranche.impact.v1.ImpactEstimate.$Properties): tranche.impact.v1.ImpactEstimate;
                static encode(message: tranche.impact.v1.ImpactEstimate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.impact.v1.ImpactEstimate.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.impact.v1.ImpactEstimate & tranche.impact.v1.ImpactEstimate.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.impact.v1.ImpactEstimate & tranche.impact.v1.ImpactEstimate.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.impact.v1.ImpactEstimate;
                static toObject(message: tranche.impact.v1.ImpactEstimate, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ImpactEstimate {
                interface $Properties {
                    baseBps?: (number|null);
                    adjustmentFactor?: (number|null);
                    finalBps?: (number|null);
                    lowBps?: (number|null);
                    highBps?: (number|null);
                    model?: (string|null);
                    reasoning?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.impact.v1.ImpactEstimate.$Properties;
            }

            class ImpactService extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): ImpactService;
                estimate: tranche.impact.v1.ImpactService.Estimate;
            }

            namespace ImpactService {
                type EstimateCallback = (error: (Error|null), response?: tranche.impact.v1.ImpactEstimate) => void;
                type Estimate = {
                  (request: tranche.impact.v1.IImpactRequest, callback: tranche.impact.v1.ImpactService.EstimateCallback): void;
                  (request: tranche.impact.v1.IImpactRequest): Promise<tranche.impact.v1.ImpactEstimate>;
                  readonly name: "Estimate";
                  readonly path: "/tranche.impact.v1.ImpactService/Estimate";
                  readonly requestType: "ImpactRequest";
                  readonly responseType: "ImpactEstimate";
                  readonly requestStream: undefined;
                  readonly responseStream: undefined;
                };
            }
        }
    }

    namespace decision {

        namespace v1 {

            interface IDecisionRequest extends tranche.decision.v1.DecisionRequest.$Properties {
            }

            class DecisionRequest {
                constructor(properties?: tranche.decision.v1.DecisionRequest.$Properties);
                $unknowns?: Uint8Array[];
                parentId: string;
                symbol: string;
                side: tranche.common.v1.Side;
                targetQuantity: string;
                filledQuantity: string;
                elapsedFraction: number;
                sliceIndex: number;
                baselineQuantity: string;
                snapshot?: (tranche.marketdata.v1.MarketSnapshot.$Properties|null);
                impact?: (tranche.impact.v1.ImpactEstimate.$Properties|null);
                now: number;
                static create(properties: tranche.decision.v1.DecisionRequest.$Shape): tranche.decision.v1.DecisionRequest & tranche.decision.v1.DecisionRequest.$Shape;
                static create(properties?: tranche.decision.v1.DecisionRequest.$Properties): tranche.decision.v1.DecisionRequest;
                static encode(message: tranche.decision.v1.DecisionRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.decision.v1.DecisionRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.decision.v1.DecisionRequest & tranche.decision.v1.DecisionRequest.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.decision.v1.DecisionRequest & tranche.decision.v1.DecisionRequest.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.decision.v1.DecisionRequest;
                static toObject(message: tranche.decision.v1.DecisionRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace DecisionRequest {
                interface $Properties {
                    parentId?: (string|null);
                    symbol?: (string|null);
                    side?: (tranche.common.v1.Side|null);
                    targetQuantity?: (string|null);
                    filledQuantity?: (string|null);
                    elapsedFraction?: (number|null);
                    sliceIndex?: (number|null);
                    baselineQuantity?: (string|null);
                    snapshot?: (tranche.marketdata.v1.MarketSnapshot.$Properties|null);
                    impact?: (tranche.impact.v1.ImpactEstimate.$Properties|null);
                    now?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.decision.v1.DecisionRequest.$Properties;
            }

            interface IAggressiveAction extends tranche.decision.v1.AggressiveAction.$Properties {
            }

            class AggressiveAction {
                constructor(properties?: tranche.decision.v1.AggressiveAction.$Properties);
                $unknowns?: Uint8Array[];
                limitOffsetBps: number;
                static create(properties: tranche.decision.v1.AggressiveAction.$Shape): tranche.decision.v1.AggressiveAction & tranche.decision.v1.AggressiveAction.$Shape;
                static create(properties?: tranche.decision.v1.AggressiveAction.$Properties): tranche.decision.v1.AggressiveAction;
                static encode(message: tranche.decision.v1.AggressiveAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.decision.v1.AggressiveAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.decision.v1.AggressiveAction & tranche.decision.v1.AggressiveAction.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.decision.v1.AggressiveAction & tranche.decision.v1.AggressiveAction.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.decision.v1.AggressiveAction;
                static toObject(message: tranche.decision.v1.AggressiveAction, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace AggressiveAction {
                interface $Properties {
                    limitOffsetBps?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.decision.v1.AggressiveAction.$Properties;
            }

            interface IPassiveAction extends tranche.decision.v1.PassiveAction.$Properties {
            }

            class PassiveAction {
                constructor(properties?: tranche.decision.v1.PassiveAction.$Properties);
                $unknowns?: Uint8Array[];
                offsetTicks: number;
                static create(properties: tranche.decision.v1.PassiveAction.$Shape): tranche.decision.v1.PassiveAction & tranche.decision.v1.PassiveAction.$Shape;
                static create(properties?: tranche.decision.v1.PassiveAction.$Properties): tranche.decision.v1.PassiveAction;
                static encode(message: tranche.decision.v1.PassiveAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.decision.v1.PassiveAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.decision.v1.PassiveAction & tranche.decision.v1.PassiveAction.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.decision.v1.PassiveAction & tranche.decision.v1.PassiveAction.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.decision.v1.PassiveAction;
                static toObject(message: tranche.decision.v1.PassiveAction, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace PassiveAction {
                interface $Properties {
                    offsetTicks?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.decision.v1.PassiveAction.$Properties;
            }

            interface IWaitAction extends tranche.decision.v1.WaitAction.$Properties {
            }

            class WaitAction {
                constructor(properties?: tranche.decision.v1.WaitAction.$Properties);
                $unknowns?: Uint8Array[];
                durationMs: number;
                static create(properties: tranche.decision.v1.WaitAction.$Shape): tranche.decision.v1.WaitAction & tranche.decision.v1.WaitAction.$Shape;
                static create(properties?: tranche.decision.v1.WaitAction.$Properties): tranche.decision.v1.WaitAction;
                static encode(message: tranche.decision.v1.WaitAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.decision.v1.WaitAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.decision.v1.WaitAction & tranche.decision.v1.WaitAction.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.decision.v1.WaitAction & tranche.decision.v1.WaitAction.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.decision.v1.WaitAction;
                static toObject(message: tranche.decision.v1.WaitAction, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace WaitAction {
                interface $Properties {
                    durationMs?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.decision.v1.WaitAction.$Properties;
            }

            interface IAccelerateAction extends tranche.decision.v1.AccelerateAction.$Properties {
            }

            class AccelerateAction {
                constructor(properties?: tranche.decision.v1.AccelerateAction.$Properties);
                $unknowns?: Uint8Array[];
                factor: number;
                static create(properties: tranche.decision.v1.AccelerateAction.$Shape): tranche.decision.v1.AccelerateAction & tranche.decision.v1.AccelerateAction.$Shape;
                static create(properties?: tranche.decision.v1.AccelerateAction.$Properties): tranche.decision.v1.AccelerateAction;
                static encode(message: tranche.decision.v1.AccelerateAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.decision.v1.AccelerateAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.decision.v1.AccelerateAction & tranche.decision.v1.AccelerateAction.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.decision.v1.AccelerateAction & tranche.decision.v1.AccelerateAction.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.decision.v1.AccelerateAction;
                static toObject(message: tranche.decision.v1.AccelerateAction, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace AccelerateAction {
                interface $Properties {
                    factor?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.decision.v1.AccelerateAction.$Properties;
            }

            interface IDecelerateAction extends tranche.decision.v1.DecelerateAction.$Properties {
            }

            class DecelerateAction {
                constructor(properties?: tranche.decision.v1.DecelerateAction.$Properties);
                $unknowns?: Uint8Array[];
                factor: number;
                static create(properties: tranche.decision.v1.DecelerateAction.$Shape): tranche.decision.v1.DecelerateAction & tranche.decision.v1.DecelerateAction.$Shape;
                static create(properties?: tranche.decision.v1.DecelerateAction.$Properties): tranche.decision.v1.DecelerateAction;
                static encode(message: tranche.decision.v1.DecelerateAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.decision.v1.DecelerateAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.decision.v1.DecelerateAction & tranche.decision.v1.DecelerateAction.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.decision.v1.DecelerateAction & tranche.decision.v1.DecelerateAction.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.decision.v1.DecelerateAction;
                static toObject(message: tranche.decision.v1.DecelerateAction, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace DecelerateAction {
                interface $Properties {
                    factor?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.decision.v1.DecelerateAction.$Properties;
            }

            interface ICancelAction extends tranche.decision.v1.CancelAction.$Properties {
            }

            class CancelAction {
                constructor(properties?: tranche.decision.v1.CancelAction.$Properties);
                $unknowns?: Uint8Array[];
                reason: string;
                static create(properties: tranche.decision.v1.CancelAction.$Shape): tranche.decision.v1.CancelAction & tranche.decision.v1.CancelAction.$Shape;
                static create(properties?: tranche.decision.v1.CancelAction.$Properties): tranche.decision.v1.CancelAction;
                static encode(message: tranche.decision.v1.CancelAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.decision.v1.CancelAction.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.decision.v1.CancelAction & tranche.decision.v1.CancelAction.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.decision.v1.CancelAction & tranche.decision.v1.CancelAction.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.decision.v1.CancelAction;
                static toObject(message: tranche.decision.v1.CancelAction, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace CancelAction {
                interface $Properties {
                    reason?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.decision.v1.CancelAction.$Properties;
            }

            enum DecisionSource {
                DECISION_SOURCE_UNSPECIFIED = 0,
                DECISION_SOURCE_LLM = 1,
                DECISION_SOURCE_HEURISTIC = 2,
                DECISION_SOURCE_FALLBACK = 3
            }

            interface IExecutionDecision extends tranche.decision.v1.ExecutionDecision.$Properties {
            }

            class ExecutionDecision {
                constructor(properties?: tranche.decision.v1.ExecutionDecision.$Properties);
                $unknowns?: Uint8Array[];
                aggressive?: (tranche.decision.v1.AggressiveAction.$Properties|null);
                passive?: (tranche.decision.v1.PassiveAction.$Properties|null);
                wait?: (tranche.decision.v1.WaitAction.$Properties|null);
                accelerate?: (tranche.decision.v1.AccelerateAction.$Properties|null);
                decelerate?: (tranche.decision.v1.DecelerateAction.$Properties|null);
                cancel?: (tranche.decision.v1.CancelAction.$Properties|null);
                confidence: number;
                reasoning: string;
                validUntil: number;
                source: tranche.decision.v1.DecisionSource;
                policy: string;
                action?: ("aggressive"|"passive"|"wait"|"accelerate"|"decelerate"|"cancel");
                static create(properties: tranche.decision.v1.ExecutionDecision.$Shape): tranche.decision.v1.ExecutionDecision & tranche.decision.v1.ExecutionDecision.$Shape;
                static create(properties?: tranche.decision.v1.ExecutionDecision.$Properties): tranche.decision.v1.ExecutionDecision;
                static encode(message: tranche.decision.v1.ExecutionDecision.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.decision.v1.ExecutionDecision.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.decision.v1.ExecutionDecision & tranche.decision.v1.ExecutionDecision.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.decision.v1.ExecutionDecision & tranche.decision.v1.ExecutionDecision.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.decision.v1.ExecutionDecision;
                static toObject(message: tranche.decision.v1.ExecutionDecision, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ExecutionDecision {
                interface $Properties {
                    aggressive?: (tranche.decision.v1.AggressiveAction.$Properties|null);
                    passive?: (tranche.decision.v1.PassiveAction.$Properties|null);
                    wait?: (tranche.decision.v1.WaitAction.$Properties|null);
                    accelerate?: (tranche.decision.v1.AccelerateAction.$Properties|null);
                    decelerate?: (tranche.decision.v1.DecelerateAction.$Properties|null);
                    cancel?: (tranche.decision.v1.CancelAction.$Properties|null);
                    confidence?: (number|null);
                    reasoning?: (string|null);
                    validUntil?: (number|null);
                    source?: (tranche.decision.v1.DecisionSource|null);
                    policy?: (string|null);
                    action?: ("aggressive"|"passive"|"wait"|"accelerate"|"decelerate"|"cancel");
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  aggressive?: tranche.decision.v1.AggressiveAction.$Shape|null;
                  passive?: tranche.decision.v1.PassiveAction.$Shape|null;
                  wait?: tranche.decision.v1.WaitAction.$Shape|null;
                  accelerate?: tranche.decision.v1.AccelerateAction.$Shape|null;
                  decelerate?: tranche.decision.v1.DecelerateAction.$Shape|null;
                  cancel?: tranche.decision.v1.CancelAction.$Shape|null;
                  confidence?: number|null;
                  reasoning?: string|null;
                  validUntil?: number|null;
                  source?: tranche.decision.v1.DecisionSource|null;
                  policy?: string|null;
                  $unknowns?: Uint8Array[];
                } & (
                  ({ action?: undefined; aggressive?: null; passive?: null; wait?: null; accelerate?: null; decelerate?: null; cancel?: null }|{ action?: "aggressive"; aggressive: tranche.decision.v1.AggressiveAction.$Shape; passive?: null; wait?: null; accelerate?: null; decelerate?: null; cancel?: null }|{ action?: "passive"; aggressive?: null; passive: tranche.decision.v1.PassiveAction.$Shape; wait?: null; accelerate?: null; decelerate?: null; cancel?: null }|{ action?: "wait"; aggressive?: null; passive?: null; wait: tranche.decision.v1.WaitAction.$Shape; accelerate?: null; decelerate?: null; cancel?: null }|{ action?: "accelerate"; aggressive?: null; passive?: null; wait?: null; accelerate: tranche.decision.v1.AccelerateAction.$Shape; decelerate?: null; cancel?: null }|{ action?: "decelerate"; aggressive?: null; passive?: null; wait?: null; accelerate?: null; decelerate: tranche.decision.v1.DecelerateAction.$Shape; cancel?: null }|{ action?: "cancel"; aggressive?: null; passive?: null; wait?: null; accelerate?: null; decelerate?: null; cancel: tranche.decision.v1.CancelAction.$Shape })
                );
            }

            class DecisionService extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): DecisionService;
                decide: tranche.decision.v1.DecisionService.Decide;
            }

            namespace DecisionService {
                type DecideCallback = (error: (Error|null), response?: tranche.decision.v1.ExecutionDecision) => void;
                type Decide = {
                  (request: tranche.decision.v1.IDecisionRequest, callback: tranche.decision.v1.DecisionService.DecideCallback): void;
                  (request: tranche.decision.v1.IDecisionRequest): Promise<tranche.decision.v1.ExecutionDecision>;
                  readonly name: "Decide";
                  readonly path: "/tranche.decision.v1.DecisionService/Decide";
                  readonly requestType: "DecisionRequest";
                  readonly responseType: "ExecutionDecision";
                  readonly requestStream: undefined;
                  readonly responseStream: undefined;
                };
            }
        }
    }

    namespace risk {

        namespace v1 {

            interface IRiskRequest extends tranche.risk.v1.RiskRequest.$Properties {
            }

            class RiskRequest {
                constructor(properties?: tranche.risk.v1.RiskRequest.$Properties);
                $unknowns?: Uint8Array[];
                parentId: string;
                childId: string;
                symbol: string;
                side: tranche.common.v1.Side;
                quantity: string;
                price: string;
                referencePrice: string;
                arrivalPrice: string;
                remainingQuantity: string;
                aggressive: boolean;
                spreadBps: number;
                recentVolume: string;
                volatilityBps: number;
                now: number;
                static create(properties: tranche.risk.v1.RiskRequest.$Shape): tranche.risk.v1.RiskRequest & tranche.risk.v1.RiskRequest.$Shape;
                static create(properties?: tranche.risk.v1.RiskRequest.$Properties): tranche.risk.v1.RiskRequest;
                static encode(message: tranche.risk.v1.RiskRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.risk.v1.RiskRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.risk.v1.RiskRequest & tranche.risk.v1.RiskRequest.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.risk.v1.RiskRequest & tranche.risk.v1.RiskRequest.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.risk.v1.RiskRequest;
                static toObject(message: tranche.risk.v1.RiskRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace RiskRequest {
                interface $Properties {
                    parentId?: (string|null);
                    childId?: (string|null);
                    symbol?: (string|null);
                    side?: (tranche.common.v1.Side|null);
                    quantity?: (string|null);
                    price?: (string|null);
                    referencePrice?: (string|null);
                    arrivalPrice?: (string|null);
                    remainingQuantity?: (string|null);
                    aggressive?: (boolean|null);
                    spreadBps?: (number|null);
                    recentVolume?: (string|null);
                    volatilityBps?: (number|null);
                    now?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.risk.v1.RiskRequest.$Properties;
            }

            enum RiskDecision {
                RISK_DECISION_UNSPECIFIED = 0,
                RISK_DECISION_APPROVE = 1,
                RISK_DECISION_CLAMP = 2,
                RISK_DECISION_DENY = 3
            }

            interface IRiskReason extends tranche.risk.v1.RiskReason.$Properties {
            }

            class RiskReason {
                constructor(properties?: tranche.risk.v1.RiskReason.$Properties);
                $unknowns?: Uint8Array[];
                code: string;
                message: string;
                static create(properties: tranche.risk.v1.RiskReason.$Shape): tranche.risk.v1.RiskReason & tranche.risk.v1.RiskReason.$Shape;
                static create(properties?: tranche.risk.v1.RiskReason.$Properties): tranche.risk.v1.RiskReason;
                static encode(message: tranche.risk.v1.RiskReason.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.risk.v1.RiskReason.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.risk.v1.RiskReason & tranche.risk.v1.RiskReason.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.risk.v1.RiskReason & tranche.risk.v1.RiskReason.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.risk.v1.RiskReason;
                static toObject(message: tranche.risk.v1.RiskReason, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace RiskReason {
                interface $Properties {
                    code?: (string|null);
                    message?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.risk.v1.RiskReason.$Properties;
            }

            interface IRiskVerdict extends tranche.risk.v1.RiskVerdict.$Properties {
            }

            class RiskVerdict {
                constructor(properties?: tranche.risk.v1.RiskVerdict.$Properties);
                $unknowns?: Uint8Array[];
                decision: tranche.risk.v1.RiskDecision;
                quantity: string;
                reasons: tranche.risk.v1.RiskReason.$Properties[];
                verdictId: string;
                tsEvent: number;
                evaluatedBy: string;
                static create(properties: tranche.risk.v1.RiskVerdict.$Shape): tranche.risk.v1.RiskVerdict & tranche.risk.v1.RiskVerdict.$Shape;
                static create(properties?: tranche.risk.v1.RiskVerdict.$Properties): tranche.risk.v1.RiskVerdict;
                static encode(message: tranche.risk.v1.RiskVerdict.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.risk.v1.RiskVerdict.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.risk.v1.RiskVerdict & tranche.risk.v1.RiskVerdict.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.risk.v1.RiskVerdict & tranche.risk.v1.RiskVerdict.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.risk.v1.RiskVerdict;
                static toObject(message: tranche.risk.v1.RiskVerdict, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace RiskVerdict {
                interface $Properties {
                    decision?: (tranche.risk.v1.RiskDecision|null);
                    quantity?: (string|null);
                    reasons?: (tranche.risk.v1.RiskReason.$Properties[]|null);
                    verdictId?: (string|null);
                    tsEvent?: (number|null);
                    evaluatedBy?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.risk.v1.RiskVerdict.$Properties;
            }

            class RiskService extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): RiskService;
                validate: tranche.risk.v1.RiskService.Validate;
            }

            namespace RiskService {
                type ValidateCallback = (error: (Error|null), response?: tranche.risk.v1.RiskVerdict) => void;
                type Validate = {
                  (request: tranche.risk.v1.IRiskRequest, callback: tranche.risk.v1.RiskService.ValidateCallback): void;
                  (request: tranche.risk.v1.IRiskRequest): Promise<tranche.risk.v1.RiskVerdict>;
                  readonly name: "Validate";
                  readonly path: "/tranche.risk.v1.RiskService/Validate";
                  readonly requestType: "RiskRequest";
                  readonly responseType: "RiskVerdict";
                  readonly requestStream: undefined;
                  readonly responseStream: undefined;
                };
            }
        }
    }

    namespace execution {

        namespace v1 {

            enum Algorithm {
                ALGORITHM_UNSPECIFIED = 0,
                ALGORITHM_TWAP = 1,
                ALGORITHM_VWAP = 2,
                ALGORITHM_IS = 3,
                ALGORITHM_POV = 4,
                ALGORITHM_ADAPTIVE = 5
            }

            enum ParentState {
                PARENT_STATE_UNSPECIFIED = 0,
                PARENT_STATE_INITIALIZED = 1,
                PARENT_STATE_ACTIVE = 2,
                PARENT_STATE_PAUSED = 3,
                PARENT_STATE_EXECUTING = 4,
                PARENT_STATE_FILLED = 5,
                PARENT_STATE_ADJUSTING = 6,
                PARENT_STATE_COMPLETE = 7,
                PARENT_STATE_CANCELLED = 8,
                PARENT_STATE_FAILED = 9
            }

            enum ChildState {
                CHILD_STATE_UNSPECIFIED = 0,
                CHILD_STATE_PENDING_NEW = 1,
                CHILD_STATE_NEW = 2,
                CHILD_STATE_PARTIALLY_FILLED = 3,
                CHILD_STATE_FILLED = 4,
                CHILD_STATE_CANCELLED = 5,
                CHILD_STATE_REJECTED = 6,
                CHILD_STATE_DENIED = 7
            }

            interface IParentOrderLimits extends tranche.execution.v1.ParentOrderLimits.$Properties {
            }

            class ParentOrderLimits {
                constructor(properties?: tranche.execution.v1.ParentOrderLimits.$Properties);
                $unknowns?: Uint8Array[];
                maxOrderNotional: string;
                limitPrice: string;
                maxParticipation: number;
                static create(properties: tranche.execution.v1.ParentOrderLimits.$Shape): tranche.execution.v1.ParentOrderLimits & tranche.execution.v1.ParentOrderLimits.$Shape;
                static create(properties?: tranche.execution.v1.ParentOrderLimits.$Properties): tranche.execution.v1.ParentOrderLimits;
                static encode(message: tranche.execution.v1.ParentOrderLimits.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ParentOrderLimits.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ParentOrderLimits & tranche.execution.v1.ParentOrderLimits.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ParentOrderLimits & tranche.execution.v1.ParentOrderLimits.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ParentOrderLimits;
                static toObject(message: tranche.execution.v1.ParentOrderLimits, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ParentOrderLimits {
                interface $Properties {
                    maxOrderNotional?: (string|null);
                    limitPrice?: (string|null);
                    maxParticipation?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ParentOrderLimits.$Properties;
            }

            interface IParentOrder extends tranche.execution.v1.ParentOrder.$Properties {
            }

            class ParentOrder {
                constructor(properties?: tranche.execution.v1.ParentOrder.$Properties);
                $unknowns?: Uint8Array[];
                parentId: string;
                clientOrderId: string;
                symbol: string;
                side: tranche.common.v1.Side;
                quantity: string;
                startTime: number;
                deadline: number;
                arrivalPrice: string;
                urgency: number;
                algorithm: tranche.execution.v1.Algorithm;
                slices: number;
                limits?: (tranche.execution.v1.ParentOrderLimits.$Properties|null);
                state: tranche.execution.v1.ParentState;
                filledQuantity: string;
                averagePrice: string;
                createdAt: number;
                updatedAt: number;
                stateReason: string;
                static create(properties: tranche.execution.v1.ParentOrder.$Shape): tranche.execution.v1.ParentOrder & tranche.execution.v1.ParentOrder.$Shape;
                static create(properties?: tranche.execution.v1.ParentOrder.$Properties): tranche.execution.v1.ParentOrder;
                static encode(message: tranche.execution.v1.ParentOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ParentOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ParentOrder & tranche.execution.v1.ParentOrder.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ParentOrder & tranche.execution.v1.ParentOrder.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ParentOrder;
                static toObject(message: tranche.execution.v1.ParentOrder, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ParentOrder {
                interface $Properties {
                    parentId?: (string|null);
                    clientOrderId?: (string|null);
                    symbol?: (string|null);
                    side?: (tranche.common.v1.Side|null);
                    quantity?: (string|null);
                    startTime?: (number|null);
                    deadline?: (number|null);
                    arrivalPrice?: (string|null);
                    urgency?: (number|null);
                    algorithm?: (tranche.execution.v1.Algorithm|null);
                    slices?: (number|null);
                    limits?: (tranche.execution.v1.ParentOrderLimits.$Properties|null);
                    state?: (tranche.execution.v1.ParentState|null);
                    filledQuantity?: (string|null);
                    averagePrice?: (string|null);
                    createdAt?: (number|null);
                    updatedAt?: (number|null);
                    stateReason?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ParentOrder.$Properties;
            }

            interface IChildOrder extends tranche.execution.v1.ChildOrder.$Properties {
            }

            class ChildOrder {
                constructor(properties?: tranche.execution.v1.ChildOrder.$Properties);
                $unknowns?: Uint8Array[];
                childId: string;
                parentId: string;
                sliceIndex: number;
                attempt: number;
                symbol: string;
                side: tranche.common.v1.Side;
                orderType: string;
                timeInForce: string;
                quantity: string;
                price: string;
                state: tranche.execution.v1.ChildState;
                filledQuantity: string;
                averagePrice: string;
                venueOrderId: string;
                createdAt: number;
                riskVerdictId: string;
                static create(properties: tranche.execution.v1.ChildOrder.$Shape): tranche.execution.v1.ChildOrder & tranche.execution.v1.ChildOrder.$Shape;
                static create(properties?: tranche.execution.v1.ChildOrder.$Properties): tranche.execution.v1.ChildOrder;
                static encode(message: tranche.execution.v1.ChildOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ChildOrder.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ChildOrder & tranche.execution.v1.ChildOrder.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ChildOrder & tranche.execution.v1.ChildOrder.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ChildOrder;
                static toObject(message: tranche.execution.v1.ChildOrder, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ChildOrder {
                interface $Properties {
                    childId?: (string|null);
                    parentId?: (string|null);
                    sliceIndex?: (number|null);
                    attempt?: (number|null);
                    symbol?: (string|null);
                    side?: (tranche.common.v1.Side|null);
                    orderType?: (string|null);
                    timeInForce?: (string|null);
                    quantity?: (string|null);
                    price?: (string|null);
                    state?: (tranche.execution.v1.ChildState|null);
                    filledQuantity?: (string|null);
                    averagePrice?: (string|null);
                    venueOrderId?: (string|null);
                    createdAt?: (number|null);
                    riskVerdictId?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ChildOrder.$Properties;
            }

            interface IFill extends tranche.execution.v1.Fill.$Properties {
            }

            class Fill {
                constructor(properties?: tranche.execution.v1.Fill.$Properties);
                $unknowns?: Uint8Array[];
                execId: string;
                childId: string;
                parentId: string;
                price: string;
                quantity: string;
                fee: string;
                isMaker: boolean;
                tsEvent: number;
                static create(properties: tranche.execution.v1.Fill.$Shape): tranche.execution.v1.Fill & tranche.execution.v1.Fill.$Shape;
                static create(properties?: tranche.execution.v1.Fill.$Properties): tranche.execution.v1.Fill;
                static encode(message: tranche.execution.v1.Fill.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.Fill.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.Fill & tranche.execution.v1.Fill.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.Fill & tranche.execution.v1.Fill.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.Fill;
                static toObject(message: tranche.execution.v1.Fill, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace Fill {
                interface $Properties {
                    execId?: (string|null);
                    childId?: (string|null);
                    parentId?: (string|null);
                    price?: (string|null);
                    quantity?: (string|null);
                    fee?: (string|null);
                    isMaker?: (boolean|null);
                    tsEvent?: (number|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.Fill.$Properties;
            }

            interface IExecutionReport extends tranche.execution.v1.ExecutionReport.$Properties {
            }

            class ExecutionReport {
                constructor(properties?: tranche.execution.v1.ExecutionReport.$Properties);
                $unknowns?: Uint8Array[];
                filledQuantity: string;
                averagePrice: string;
                implementationShortfallBps: number;
                childOrders: number;
                fallbackSlices: number;
                deniedSlices: number;
                fees: string;
                static create(properties: tranche.execution.v1.ExecutionReport.$Shape): tranche.execution.v1.ExecutionReport & tranche.execution.v1.ExecutionReport.$Shape;
                static create(properties?: tranche.execution.v1.ExecutionReport.$Properties): tranche.execution.v1.ExecutionReport;
                static encode(message: tranche.execution.v1.ExecutionReport.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ExecutionReport.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ExecutionReport & tranche.execution.v1.ExecutionReport.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ExecutionReport & tranche.execution.v1.ExecutionReport.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ExecutionReport;
                static toObject(message: tranche.execution.v1.ExecutionReport, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ExecutionReport {
                interface $Properties {
                    filledQuantity?: (string|null);
                    averagePrice?: (string|null);
                    implementationShortfallBps?: (number|null);
                    childOrders?: (number|null);
                    fallbackSlices?: (number|null);
                    deniedSlices?: (number|null);
                    fees?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ExecutionReport.$Properties;
            }

            interface ISubmitParentOrderRequest extends tranche.execution.v1.SubmitParentOrderRequest.$Properties {
            }

            class SubmitParentOrderRequest {
                constructor(properties?: tranche.execution.v1.SubmitParentOrderRequest.$Properties);
                $unknowns?: Uint8Array[];
                clientOrderId: string;
                symbol: string;
                side: tranche.common.v1.Side;
                quantity: string;
                horizonMs: number;
                urgency: number;
                algorithm: tranche.execution.v1.Algorithm;
                slices: number;
                limits?: (tranche.execution.v1.ParentOrderLimits.$Properties|null);
                static create(properties: tranche.execution.v1.SubmitParentOrderRequest.$Shape): tranche.execution.v1.SubmitParentOrderRequest & tranche.execution.v1.SubmitParentOrderRequest.$Shape;
                static create(properties?: tranche.execution.v1.SubmitParentOrderRequest.$Properties): tranche.execution.v1.SubmitParentOrderRequest;
                static encode(message: tranche.execution.v1.SubmitParentOrderRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.SubmitParentOrderRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.SubmitParentOrderRequest & tranche.execution.v1.SubmitParentOrderRequest.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.SubmitParentOrderRequest & tranche.execution.v1.SubmitParentOrderRequest.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.SubmitParentOrderRequest;
                static toObject(message: tranche.execution.v1.SubmitParentOrderRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace SubmitParentOrderRequest {
                interface $Properties {
                    clientOrderId?: (string|null);
                    symbol?: (string|null);
                    side?: (tranche.common.v1.Side|null);
                    quantity?: (string|null);
                    horizonMs?: (number|null);
                    urgency?: (number|null);
                    algorithm?: (tranche.execution.v1.Algorithm|null);
                    slices?: (number|null);
                    limits?: (tranche.execution.v1.ParentOrderLimits.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.SubmitParentOrderRequest.$Properties;
            }

            interface ISubmitParentOrderResponse extends tranche.execution.v1.SubmitParentOrderResponse.$Properties {
            }

            class SubmitParentOrderResponse {
                constructor(properties?: tranche.execution.v1.SubmitParentOrderResponse.$Properties);
                $unknowns?: Uint8Array[];
                parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                duplicate: boolean;
                static create(properties: tranche.execution.v1.SubmitParentOrderResponse.$Shape): tranche.execution.v1.SubmitParentOrderResponse & tranche.execution.v1.SubmitParentOrderResponse.$Shape;
                static create(properties?: tranche.execution.v1.SubmitParentOrderResponse.$Properties): tranche.execution.v1.SubmitParentOrderResponse;
                static encode(message: tranche.execution.v1.SubmitParentOrderResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.SubmitParentOrderResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.SubmitParentOrderResponse & tranche.execution.v1.SubmitParentOrderResponse.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.SubmitParentOrderResponse & tranche.execution.v1.SubmitParentOrderResponse.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.SubmitParentOrderResponse;
                static toObject(message: tranche.execution.v1.SubmitParentOrderResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace SubmitParentOrderResponse {
                interface $Properties {
                    parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                    duplicate?: (boolean|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.SubmitParentOrderResponse.$Properties;
            }

            interface ICancelParentOrderRequest extends tranche.execution.v1.CancelParentOrderRequest.$Properties {
            }

            class CancelParentOrderRequest {
                constructor(properties?: tranche.execution.v1.CancelParentOrderRequest.$Properties);
                $unknowns?: Uint8Array[];
                parentId: string;
                reason: string;
                static create(properties: tranche.execution.v1.CancelParentOrderRequest.$Shape): tranche.execution.v1.CancelParentOrderRequest & tranche.execution.v1.CancelParentOrderRequest.$Shape;
                static create(properties?: tranche.execution.v1.CancelParentOrderRequest.$Properties): tranche.execution.v1.CancelParentOrderRequest;
                static encode(message: tranche.execution.v1.CancelParentOrderRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.CancelParentOrderRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.CancelParentOrderRequest & tranche.execution.v1.CancelParentOrderRequest.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.CancelParentOrderRequest & tranche.execution.v1.CancelParentOrderRequest.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.CancelParentOrderRequest;
                static toObject(message: tranche.execution.v1.CancelParentOrderRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace CancelParentOrderRequest {
                interface $Properties {
                    parentId?: (string|null);
                    reason?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.CancelParentOrderRequest.$Properties;
            }

            interface ICancelParentOrderResponse extends tranche.execution.v1.CancelParentOrderResponse.$Properties {
            }

            class CancelParentOrderResponse {
                constructor(properties?: tranche.execution.v1.CancelParentOrderResponse.$Properties);
                $unknowns?: Uint8Array[];
                parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                static create(properties: tranche.execution.v1.CancelParentOrderResponse.$Shape): tranche.execution.v1.CancelParentOrderResponse & tranche.execution.v1.CancelParentOrderResponse.$Shape;
                static create(properties?: tranche.execution.v1.CancelParentOrderResponse.$Properties): tranche.execution.v1.CancelParentOrderResponse;
                static encode(message: tranche.execution.v1.CancelParentOrderResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.CancelParentOrderResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.CancelParentOrderResponse & tranche.execution.v1.CancelParentOrderResponse.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.CancelParentOrderResponse & tranche.execution.v1.CancelParentOrderResponse.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.CancelParentOrderResponse;
                static toObject(message: tranche.execution.v1.CancelParentOrderResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace CancelParentOrderResponse {
                interface $Properties {
                    parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.CancelParentOrderResponse.$Properties;
            }

            interface IGetParentOrderRequest extends tranche.execution.v1.GetParentOrderRequest.$Properties {
            }

            class GetParentOrderRequest {
                constructor(properties?: tranche.execution.v1.GetParentOrderRequest.$Properties);
                $unknowns?: Uint8Array[];
                parentId: string;
                static create(properties: tranche.execution.v1.GetParentOrderRequest.$Shape): tranche.execution.v1.GetParentOrderRequest & tranche.execution.v1.GetParentOrderRequest.$Shape;
                static create(properties?: tranche.execution.v1.GetParentOrderRequest.$Properties): tranche.execution.v1.GetParentOrderRequest;
                static encode(message: tranche.execution.v1.GetParentOrderRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.GetParentOrderRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.GetParentOrderRequest & tranche.execution.v1.GetParentOrderRequest.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.GetParentOrderRequest & tranche.execution.v1.GetParentOrderRequest.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.GetParentOrderRequest;
                static toObject(message: tranche.execution.v1.GetParentOrderRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace GetParentOrderRequest {
                interface $Properties {
                    parentId?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.GetParentOrderRequest.$Properties;
            }

            interface IGetParentOrderResponse extends tranche.execution.v1.GetParentOrderResponse.$Properties {
            }

            class GetParentOrderResponse {
                constructor(properties?: tranche.execution.v1.GetParentOrderResponse.$Properties);
                $unknowns?: Uint8Array[];
                parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                children: tranche.execution.v1.ChildOrder.$Properties[];
                fills: tranche.execution.v1.Fill.$Properties[];
                report?: (tranche.execution.v1.ExecutionReport.$Properties|null);
                static create(properties: tranche.execution.v1.GetParentOrderResponse.$Shape): tranche.execution.v1.GetParentOrderResponse & tranche.execution.v1.GetParentOrderResponse.$Shape;
                static create(properties?: tranche.execution.v1.GetParentOrderResponse.$Properties): tranche.execution.v1.GetParentOrderResponse;
                static encode(message: tranche.execution.v1.GetParentOrderResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.GetParentOrderResponse.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.GetParentOrderResponse & tranche.execution.v1.GetParentOrderResponse.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.GetParentOrderResponse & tranche.execution.v1.GetParentOrderResponse.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.GetParentOrderResponse;
                static toObject(message: tranche.execution.v1.GetParentOrderResponse, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace GetParentOrderResponse {
                interface $Properties {
                    parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                    children?: (tranche.execution.v1.ChildOrder.$Properties[]|null);
                    fills?: (tranche.execution.v1.Fill.$Properties[]|null);
                    report?: (tranche.execution.v1.ExecutionReport.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.GetParentOrderResponse.$Properties;
            }

            interface IParentAccepted extends tranche.execution.v1.ParentAccepted.$Properties {
            }

            class ParentAccepted {
                constructor(properties?: tranche.execution.v1.ParentAccepted.$Properties);
                $unknowns?: Uint8Array[];
                parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                static create(properties: tranche.execution.v1.ParentAccepted.$Shape): tranche.execution.v1.ParentAccepted & tranche.execution.v1.ParentAccepted.$Shape;
                static create(properties?: tranche.execution.v1.ParentAccepted.$Properties): tranche.execution.v1.ParentAccepted;
                static encode(message: tranche.execution.v1.ParentAccepted.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ParentAccepted.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ParentAccepted & tranche.execution.v1.ParentAccepted.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ParentAccepted & tranche.execution.v1.ParentAccepted.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ParentAccepted;
                static toObject(message: tranche.execution.v1.ParentAccepted, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ParentAccepted {
                interface $Properties {
                    parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ParentAccepted.$Properties;
            }

            interface IDecisionTaken extends tranche.execution.v1.DecisionTaken.$Properties {
            }

            class DecisionTaken {
                constructor(properties?: tranche.execution.v1.DecisionTaken.$Properties);
                $unknowns?: Uint8Array[];
                sliceIndex: number;
                decision?: (tranche.decision.v1.ExecutionDecision.$Properties|null);
                impact?: (tranche.impact.v1.ImpactEstimate.$Properties|null);
                static create(properties: tranche.execution.v1.DecisionTaken.$Shape): tranche.execution.v1.DecisionTaken & tranche.execution.v1.DecisionTaken.$Shape;
                static create(properties?: tranche.execution.v1.DecisionTaken.$Properties): tranche.execution.v1.DecisionTaken;
                static encode(message: tranche.execution.v1.DecisionTaken.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.DecisionTaken.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.DecisionTaken & tranche.execution.v1.DecisionTaken.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.DecisionTaken & tranche.execution.v1.DecisionTaken.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.DecisionTaken;
                static toObject(message: tranche.execution.v1.DecisionTaken, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace DecisionTaken {
                interface $Properties {
                    sliceIndex?: (number|null);
                    decision?: (tranche.decision.v1.ExecutionDecision.$Properties|null);
                    impact?: (tranche.impact.v1.ImpactEstimate.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  sliceIndex?: number|null;
                  decision?: tranche.decision.v1.ExecutionDecision.$Shape|null;
                  impact?: tranche.impact.v1.ImpactEstimate.$Shape|null;
                  $unknowns?: Uint8Array[];
                };
            }

            interface IFallbackUsed extends tranche.execution.v1.FallbackUsed.$Properties {
            }

            class FallbackUsed {
                constructor(properties?: tranche.execution.v1.FallbackUsed.$Properties);
                $unknowns?: Uint8Array[];
                sliceIndex: number;
                dependency: string;
                reason: string;
                substitute: string;
                static create(properties: tranche.execution.v1.FallbackUsed.$Shape): tranche.execution.v1.FallbackUsed & tranche.execution.v1.FallbackUsed.$Shape;
                static create(properties?: tranche.execution.v1.FallbackUsed.$Properties): tranche.execution.v1.FallbackUsed;
                static encode(message: tranche.execution.v1.FallbackUsed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.FallbackUsed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.FallbackUsed & tranche.execution.v1.FallbackUsed.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.FallbackUsed & tranche.execution.v1.FallbackUsed.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.FallbackUsed;
                static toObject(message: tranche.execution.v1.FallbackUsed, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace FallbackUsed {
                interface $Properties {
                    sliceIndex?: (number|null);
                    dependency?: (string|null);
                    reason?: (string|null);
                    substitute?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.FallbackUsed.$Properties;
            }

            interface IRiskChecked extends tranche.execution.v1.RiskChecked.$Properties {
            }

            class RiskChecked {
                constructor(properties?: tranche.execution.v1.RiskChecked.$Properties);
                $unknowns?: Uint8Array[];
                childId: string;
                verdict?: (tranche.risk.v1.RiskVerdict.$Properties|null);
                static create(properties: tranche.execution.v1.RiskChecked.$Shape): tranche.execution.v1.RiskChecked & tranche.execution.v1.RiskChecked.$Shape;
                static create(properties?: tranche.execution.v1.RiskChecked.$Properties): tranche.execution.v1.RiskChecked;
                static encode(message: tranche.execution.v1.RiskChecked.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.RiskChecked.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.RiskChecked & tranche.execution.v1.RiskChecked.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.RiskChecked & tranche.execution.v1.RiskChecked.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.RiskChecked;
                static toObject(message: tranche.execution.v1.RiskChecked, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace RiskChecked {
                interface $Properties {
                    childId?: (string|null);
                    verdict?: (tranche.risk.v1.RiskVerdict.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.RiskChecked.$Properties;
            }

            interface IChildSubmitted extends tranche.execution.v1.ChildSubmitted.$Properties {
            }

            class ChildSubmitted {
                constructor(properties?: tranche.execution.v1.ChildSubmitted.$Properties);
                $unknowns?: Uint8Array[];
                child?: (tranche.execution.v1.ChildOrder.$Properties|null);
                static create(properties: tranche.execution.v1.ChildSubmitted.$Shape): tranche.execution.v1.ChildSubmitted & tranche.execution.v1.ChildSubmitted.$Shape;
                static create(properties?: tranche.execution.v1.ChildSubmitted.$Properties): tranche.execution.v1.ChildSubmitted;
                static encode(message: tranche.execution.v1.ChildSubmitted.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ChildSubmitted.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ChildSubmitted & tranche.execution.v1.ChildSubmitted.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ChildSubmitted & tranche.execution.v1.ChildSubmitted.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ChildSubmitted;
                static toObject(message: tranche.execution.v1.ChildSubmitted, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ChildSubmitted {
                interface $Properties {
                    child?: (tranche.execution.v1.ChildOrder.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ChildSubmitted.$Properties;
            }

            interface IChildFilled extends tranche.execution.v1.ChildFilled.$Properties {
            }

            class ChildFilled {
                constructor(properties?: tranche.execution.v1.ChildFilled.$Properties);
                $unknowns?: Uint8Array[];
                fill?: (tranche.execution.v1.Fill.$Properties|null);
                childFilledQuantity: string;
                parentFilledQuantity: string;
                static create(properties: tranche.execution.v1.ChildFilled.$Shape): tranche.execution.v1.ChildFilled & tranche.execution.v1.ChildFilled.$Shape;
                static create(properties?: tranche.execution.v1.ChildFilled.$Properties): tranche.execution.v1.ChildFilled;
                static encode(message: tranche.execution.v1.ChildFilled.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ChildFilled.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ChildFilled & tranche.execution.v1.ChildFilled.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ChildFilled & tranche.execution.v1.ChildFilled.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ChildFilled;
                static toObject(message: tranche.execution.v1.ChildFilled, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ChildFilled {
                interface $Properties {
                    fill?: (tranche.execution.v1.Fill.$Properties|null);
                    childFilledQuantity?: (string|null);
                    parentFilledQuantity?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ChildFilled.$Properties;
            }

            interface IChildRejected extends tranche.execution.v1.ChildRejected.$Properties {
            }

            class ChildRejected {
                constructor(properties?: tranche.execution.v1.ChildRejected.$Properties);
                $unknowns?: Uint8Array[];
                child?: (tranche.execution.v1.ChildOrder.$Properties|null);
                reason: string;
                static create(properties: tranche.execution.v1.ChildRejected.$Shape): tranche.execution.v1.ChildRejected & tranche.execution.v1.ChildRejected.$Shape;
                static create(properties?: tranche.execution.v1.ChildRejected.$Properties): tranche.execution.v1.ChildRejected;
                static encode(message: tranche.execution.v1.ChildRejected.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ChildRejected.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ChildRejected & tranche.execution.v1.ChildRejected.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ChildRejected & tranche.execution.v1.ChildRejected.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ChildRejected;
                static toObject(message: tranche.execution.v1.ChildRejected, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ChildRejected {
                interface $Properties {
                    child?: (tranche.execution.v1.ChildOrder.$Properties|null);
                    reason?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ChildRejected.$Properties;
            }

            interface IChildDenied extends tranche.execution.v1.ChildDenied.$Properties {
            }

            class ChildDenied {
                constructor(properties?: tranche.execution.v1.ChildDenied.$Properties);
                $unknowns?: Uint8Array[];
                child?: (tranche.execution.v1.ChildOrder.$Properties|null);
                verdict?: (tranche.risk.v1.RiskVerdict.$Properties|null);
                static create(properties: tranche.execution.v1.ChildDenied.$Shape): tranche.execution.v1.ChildDenied & tranche.execution.v1.ChildDenied.$Shape;
                static create(properties?: tranche.execution.v1.ChildDenied.$Properties): tranche.execution.v1.ChildDenied;
                static encode(message: tranche.execution.v1.ChildDenied.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ChildDenied.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ChildDenied & tranche.execution.v1.ChildDenied.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ChildDenied & tranche.execution.v1.ChildDenied.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ChildDenied;
                static toObject(message: tranche.execution.v1.ChildDenied, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ChildDenied {
                interface $Properties {
                    child?: (tranche.execution.v1.ChildOrder.$Properties|null);
                    verdict?: (tranche.risk.v1.RiskVerdict.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ChildDenied.$Properties;
            }

            interface IParentCompleted extends tranche.execution.v1.ParentCompleted.$Properties {
            }

            class ParentCompleted {
                constructor(properties?: tranche.execution.v1.ParentCompleted.$Properties);
                $unknowns?: Uint8Array[];
                parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                report?: (tranche.execution.v1.ExecutionReport.$Properties|null);
                static create(properties: tranche.execution.v1.ParentCompleted.$Shape): tranche.execution.v1.ParentCompleted & tranche.execution.v1.ParentCompleted.$Shape;
                static create(properties?: tranche.execution.v1.ParentCompleted.$Properties): tranche.execution.v1.ParentCompleted;
                static encode(message: tranche.execution.v1.ParentCompleted.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ParentCompleted.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ParentCompleted & tranche.execution.v1.ParentCompleted.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ParentCompleted & tranche.execution.v1.ParentCompleted.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ParentCompleted;
                static toObject(message: tranche.execution.v1.ParentCompleted, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ParentCompleted {
                interface $Properties {
                    parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                    report?: (tranche.execution.v1.ExecutionReport.$Properties|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ParentCompleted.$Properties;
            }

            interface IParentCancelled extends tranche.execution.v1.ParentCancelled.$Properties {
            }

            class ParentCancelled {
                constructor(properties?: tranche.execution.v1.ParentCancelled.$Properties);
                $unknowns?: Uint8Array[];
                parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                reason: string;
                static create(properties: tranche.execution.v1.ParentCancelled.$Shape): tranche.execution.v1.ParentCancelled & tranche.execution.v1.ParentCancelled.$Shape;
                static create(properties?: tranche.execution.v1.ParentCancelled.$Properties): tranche.execution.v1.ParentCancelled;
                static encode(message: tranche.execution.v1.ParentCancelled.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ParentCancelled.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ParentCancelled & tranche.execution.v1.ParentCancelled.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ParentCancelled & tranche.execution.v1.ParentCancelled.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ParentCancelled;
                static toObject(message: tranche.execution.v1.ParentCancelled, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ParentCancelled {
                interface $Properties {
                    parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                    reason?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ParentCancelled.$Properties;
            }

            interface IParentFailed extends tranche.execution.v1.ParentFailed.$Properties {
            }

            class ParentFailed {
                constructor(properties?: tranche.execution.v1.ParentFailed.$Properties);
                $unknowns?: Uint8Array[];
                parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                reason: string;
                static create(properties: tranche.execution.v1.ParentFailed.$Shape): tranche.execution.v1.ParentFailed & tranche.execution.v1.ParentFailed.$Shape;
                static create(properties?: tranche.execution.v1.ParentFailed.$Properties): tranche.execution.v1.ParentFailed;
                static encode(message: tranche.execution.v1.ParentFailed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ParentFailed.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ParentFailed & tranche.execution.v1.ParentFailed.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ParentFailed & tranche.execution.v1.ParentFailed.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ParentFailed;
                static toObject(message: tranche.execution.v1.ParentFailed, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ParentFailed {
                interface $Properties {
                    parent?: (tranche.execution.v1.ParentOrder.$Properties|null);
                    reason?: (string|null);
                    $unknowns?: Uint8Array[];
                }
                type $Shape = tranche.execution.v1.ParentFailed.$Properties;
            }

            interface IExecutionEvent extends tranche.execution.v1.ExecutionEvent.$Properties {
            }

            class ExecutionEvent {
                constructor(properties?: tranche.execution.v1.ExecutionEvent.$Properties);
                $unknowns?: Uint8Array[];
                eventId: string;
                correlationId: string;
                causationId: string;
                tsEvent: number;
                tsInit: number;
                sequence: number;
                parentAccepted?: (tranche.execution.v1.ParentAccepted.$Properties|null);
                decisionTaken?: (tranche.execution.v1.DecisionTaken.$Properties|null);
                fallbackUsed?: (tranche.execution.v1.FallbackUsed.$Properties|null);
                riskChecked?: (tranche.execution.v1.RiskChecked.$Properties|null);
                childSubmitted?: (tranche.execution.v1.ChildSubmitted.$Properties|null);
                childFilled?: (tranche.execution.v1.ChildFilled.$Properties|null);
                childRejected?: (tranche.execution.v1.ChildRejected.$Properties|null);
                childDenied?: (tranche.execution.v1.ChildDenied.$Properties|null);
                parentCompleted?: (tranche.execution.v1.ParentCompleted.$Properties|null);
                parentCancelled?: (tranche.execution.v1.ParentCancelled.$Properties|null);
                parentFailed?: (tranche.execution.v1.ParentFailed.$Properties|null);
                event?: ("parentAccepted"|"decisionTaken"|"fallbackUsed"|"riskChecked"|"childSubmitted"|"childFilled"|"childRejected"|"childDenied"|"parentCompleted"|"parentCancelled"|"parentFailed");
                static create(properties: tranche.execution.v1.ExecutionEvent.$Shape): tranche.execution.v1.ExecutionEvent & tranche.execution.v1.ExecutionEvent.$Shape;
                static create(properties?: tranche.execution.v1.ExecutionEvent.$Properties): tranche.execution.v1.ExecutionEvent;
                static encode(message: tranche.execution.v1.ExecutionEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static encodeDelimited(message: tranche.execution.v1.ExecutionEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;
                static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): tranche.execution.v1.ExecutionEvent & tranche.execution.v1.ExecutionEvent.$Shape;
                static decodeDelimited(reader: ($protobuf.Reader|Uint8Array)): tranche.execution.v1.ExecutionEvent & tranche.execution.v1.ExecutionEvent.$Shape;
                static verify(message: { [k: string]: any }): (string|null);
                static fromObject(object: { [k: string]: any }): tranche.execution.v1.ExecutionEvent;
                static toObject(message: tranche.execution.v1.ExecutionEvent, options?: $protobuf.IConversionOptions): { [k: string]: any };
                toJSON(): { [k: string]: any };
                static getTypeUrl(prefix?: string): string;
            }

            namespace ExecutionEvent {
                interface $Properties {
                    eventId?: (string|null);
                    correlationId?: (string|null);
                    causationId?: (string|null);
                    tsEvent?: (number|null);
                    tsInit?: (number|null);
                    sequence?: (number|null);
                    parentAccepted?: (tranche.execution.v1.ParentAccepted.$Properties|null);
                    decisionTaken?: (tranche.execution.v1.DecisionTaken.$Properties|null);
                    fallbackUsed?: (tranche.execution.v1.FallbackUsed.$Properties|null);
                    riskChecked?: (tranche.execution.v1.RiskChecked.$Properties|null);
                    childSubmitted?: (tranche.execution.v1.ChildSubmitted.$Properties|null);
                    childFilled?: (tranche.execution.v1.ChildFilled.$Properties|null);
                    childRejected?: (tranche.execution.v1.ChildRejected.$Properties|null);
                    childDenied?: (tranche.execution.v1.ChildDenied.$Properties|null);
                    parentCompleted?: (tranche.execution.v1.ParentCompleted.$Properties|null);
                    parentCancelled?: (tranche.execution.v1.ParentCancelled.$Properties|null);
                    parentFailed?: (tranche.execution.v1.ParentFailed.$Properties|null);
                    event?: ("parentAccepted"|"decisionTaken"|"fallbackUsed"|"riskChecked"|"childSubmitted"|"childFilled"|"childRejected"|"childDenied"|"parentCompleted"|"parentCancelled"|"parentFailed");
                    $unknowns?: Uint8Array[];
                }
                type $Shape = {
                  eventId?: string|null;
                  correlationId?: string|null;
                  causationId?: string|null;
                  tsEvent?: number|null;
                  tsInit?: number|null;
                  sequence?: number|null;
                  parentAccepted?: tranche.execution.v1.ParentAccepted.$Shape|null;
                  decisionTaken?: tranche.execution.v1.DecisionTaken.$Shape|null;
                  fallbackUsed?: tranche.execution.v1.FallbackUsed.$Shape|null;
                  riskChecked?: tranche.execution.v1.RiskChecked.$Shape|null;
                  childSubmitted?: tranche.execution.v1.ChildSubmitted.$Shape|null;
                  childFilled?: tranche.execution.v1.ChildFilled.$Shape|null;
                  childRejected?: tranche.execution.v1.ChildRejected.$Shape|null;
                  childDenied?: tranche.execution.v1.ChildDenied.$Shape|null;
                  parentCompleted?: tranche.execution.v1.ParentCompleted.$Shape|null;
                  parentCancelled?: tranche.execution.v1.ParentCancelled.$Shape|null;
                  parentFailed?: tranche.execution.v1.ParentFailed.$Shape|null;
                  $unknowns?: Uint8Array[];
                } & (
                  ({ event?: undefined; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "parentAccepted"; parentAccepted: tranche.execution.v1.ParentAccepted.$Shape; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "decisionTaken"; parentAccepted?: null; decisionTaken: tranche.execution.v1.DecisionTaken.$Shape; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "fallbackUsed"; parentAccepted?: null; decisionTaken?: null; fallbackUsed: tranche.execution.v1.FallbackUsed.$Shape; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "riskChecked"; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked: tranche.execution.v1.RiskChecked.$Shape; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "childSubmitted"; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted: tranche.execution.v1.ChildSubmitted.$Shape; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "childFilled"; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled: tranche.execution.v1.ChildFilled.$Shape; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "childRejected"; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected: tranche.execution.v1.ChildRejected.$Shape; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "childDenied"; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied: tranche.execution.v1.ChildDenied.$Shape; parentCompleted?: null; parentCancelled?: null; parentFailed?: null }|{ event?: "parentCompleted"; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted: tranche.execution.v1.ParentCompleted.$Shape; parentCancelled?: null; parentFailed?: null }|{ event?: "parentCancelled"; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled: tranche.execution.v1.ParentCancelled.$Shape; parentFailed?: null }|{ event?: "parentFailed"; parentAccepted?: null; decisionTaken?: null; fallbackUsed?: null; riskChecked?: null; childSubmitted?: null; childFilled?: null; childRejected?: null; childDenied?: null; parentCompleted?: null; parentCancelled?: null; parentFailed: tranche.execution.v1.ParentFailed.$Shape })
                );
            }

            class ExecutionService extends $protobuf.rpc.Service {
                constructor(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean);
                static create(rpcImpl: $protobuf.RPCImpl, requestDelimited?: boolean, responseDelimited?: boolean): ExecutionService;
                submitParentOrder: tranche.execution.v1.ExecutionService.SubmitParentOrder;
                cancelParentOrder: tranche.execution.v1.ExecutionService.CancelParentOrder;
                getParentOrder: tranche.execution.v1.ExecutionService.GetParentOrder;
            }

            namespace ExecutionService {
                type SubmitParentOrderCallback = (error: (Error|null), response?: tranche.execution.v1.SubmitParentOrderResponse) => void;
                type SubmitParentOrder = {
                  (request: tranche.execution.v1.ISubmitParentOrderRequest, callback: tranche.execution.v1.ExecutionService.SubmitParentOrderCallback): void;
                  (request: tranche.execution.v1.ISubmitParentOrderRequest): Promise<tranche.execution.v1.SubmitParentOrderResponse>;
                  readonly name: "SubmitParentOrder";
                  readonly path: "/tranche.execution.v1.ExecutionService/SubmitParentOrder";
                  readonly requestType: "SubmitParentOrderRequest";
                  readonly responseType: "SubmitParentOrderResponse";
                  readonly requestStream: undefined;
                  readonly responseStream: undefined;
                };
                type CancelParentOrderCallback = (error: (Error|null), response?: tranche.execution.v1.CancelParentOrderResponse) => void;
                type CancelParentOrder = {
                  (request: tranche.execution.v1.ICancelParentOrderRequest, callback: tranche.execution.v1.ExecutionService.CancelParentOrderCallback): void;
                  (request: tranche.execution.v1.ICancelParentOrderRequest): Promise<tranche.execution.v1.CancelParentOrderResponse>;
                  readonly name: "CancelParentOrder";
                  readonly path: "/tranche.execution.v1.ExecutionService/CancelParentOrder";
                  readonly requestType: "CancelParentOrderRequest";
                  readonly responseType: "CancelParentOrderResponse";
                  readonly requestStream: undefined;
                  readonly responseStream: undefined;
                };
                type GetParentOrderCallback = (error: (Error|null), response?: tranche.execution.v1.GetParentOrderResponse) => void;
                type GetParentOrder = {
                  (request: tranche.execution.v1.IGetParentOrderRequest, callback: tranche.execution.v1.ExecutionService.GetParentOrderCallback): void;
                  (request: tranche.execution.v1.IGetParentOrderRequest): Promise<tranche.execution.v1.GetParentOrderResponse>;
                  readonly name: "GetParentOrder";
                  readonly path: "/tranche.execution.v1.ExecutionService/GetParentOrder";
                  readonly requestType: "GetParentOrderRequest";
                  readonly responseType: "GetParentOrderResponse";
                  readonly requestStream: undefined;
                  readonly responseStream: undefined;
                };
            }
        }
    }
}
