import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';

/** The six things the model may advise for the next slice; the router's vocabulary. */
export const MODEL_ACTIONS = ['AGGRESSIVE', 'PASSIVE', 'WAIT', 'ACCELERATE', 'DECELERATE', 'CANCEL'] as const;
export type ModelAction = (typeof MODEL_ACTIONS)[number];

/**
 * The model's whole answer. Strict structured outputs require every key to be present, so a field an
 * action does not use is null rather than absent. Ranges that hold for every action are in the schema
 * (the model sees them); what depends on the parent's state (remaining quantity, the price band, the
 * time left) is checked afterwards by validateModelAnswer, never trusted to the schema.
 */
export const ModelAnswerSchema = z
  .object({
    action: z.enum(MODEL_ACTIONS),
    /** AGGRESSIVE, PASSIVE: base quantity of the next child; otherwise null. */
    quantity: z.number().nullable(),
    /** PASSIVE: limit price; otherwise null. */
    limit_price: z.number().nullable(),
    /** WAIT: seconds; otherwise null. */
    duration_secs: z.number().nullable(),
    /** ACCELERATE, DECELERATE: multiple of the baseline pace; otherwise null. */
    new_rate: z.number().nullable(),
    /** Multiplier on the impact model's estimate. */
    impact_adjustment: z.number().min(0.5).max(2),
    reasoning: z.string(),
    confidence: z.number().min(0).max(1),
  })
  .strict();

export type ModelAnswer = z.infer<typeof ModelAnswerSchema>;

/** The strict JSON-schema response format sent with every request (Chat Completions). */
export const DECISION_RESPONSE_FORMAT = zodResponseFormat(ModelAnswerSchema, 'execution_decision');
