// NATS subjects, hierarchical and versioned: a breaking change to a message
// gets a new version segment, so old and new services can run side by side.
export const Subjects = {
  getSnapshot: 'md.v1.get_snapshot',
  impactEstimate: 'impact.v1.estimate',
  decide: 'decision.v1.decide',
  getLlmStats: 'decision.v1.get_llm_stats',
  riskValidate: 'risk.v1.validate',
  riskSetTradingState: 'risk.v1.set_trading_state',
  riskGetTradingState: 'risk.v1.get_trading_state',
  riskGetLimits: 'risk.v1.get_limits',
  submitParent: 'exec.v1.submit_parent',
  cancelParent: 'exec.v1.cancel_parent',
  getParent: 'exec.v1.get_parent',
  pauseParent: 'exec.v1.pause_parent',
  resumeParent: 'exec.v1.resume_parent',
  amendParent: 'exec.v1.amend_parent',
  // A command forwarded to the replica that owns the parent: every router listens (no queue group),
  // only the owner answers.
  ownerCancelParent: 'exec.v1.owner.cancel_parent',
  ownerPauseParent: 'exec.v1.owner.pause_parent',
  ownerResumeParent: 'exec.v1.owner.resume_parent',
  ownerAmendParent: 'exec.v1.owner.amend_parent',
} as const;

export type RpcSubject = (typeof Subjects)[keyof typeof Subjects];

export const snapshotSubject = (symbol: string): string => `md.v1.snapshot.${symbol}`;
export const tradeSubject = (symbol: string): string => `md.v1.trade.${symbol}`;
export const executionEventSubject = (parentId: string): string => `exec.v1.evt.${parentId}`;
/** Published by risk after every trading-state change (a TradingStatus), so routers act on a halt at once. */
export const TRADING_STATE_EVENT_SUBJECT = 'risk.v1.evt.trading_state';

/** News headlines (decision.v1.Headline) for the decision policy's prompt, as untrusted data. */
export const NEWS_HEADLINE_SUBJECT = 'news.v1.headline';
/** Redis stream of every prompt sent to the model and every answer, with cost and outcome. */
export const LLM_AUDIT_STREAM = 'tranche:llm:audit';

/**
 * Submissions queued in JetStream (`tranche submit --queue`): stored before they are acknowledged,
 * kept until a router has accepted or refused each one, de-duplicated by client order id.
 */
export const EXECUTION_COMMANDS_STREAM = 'EXECUTION_COMMANDS';
export const QUEUED_SUBMIT_SUBJECT = 'exec.v1.cmd.submit';
/** Where a router says what became of a queued submission (a SubmitParentOrderResponse, or an error). */
export const queuedSubmitResultSubject = (clientOrderId: string): string =>
  `exec.v1.submit_result.${clientOrderId}`;

/** JetStream stream that keeps every execution event, so nothing is lost and the gateway can replay. */
export const EXECUTION_EVENTS_STREAM = 'EXECUTION_EVENTS';
export const EXECUTION_EVENTS_SUBJECTS = 'exec.v1.evt.>';

/** One queue group per service: replicas share requests, each request reaches one of them. */
export const QueueGroups = {
  marketData: 'market-data',
  impact: 'impact',
  decision: 'decision',
  risk: 'risk',
  router: 'router',
} as const;
