import type { z } from 'zod';
import { escapeText } from '../core/escape.js';

/** An answer that does not match the schema the API publishes for it: a bug of the server, never of the client. */
export class AnswerSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerSchemaError';
  }
}

/** Returns the answer, checked against its schema when checking is on. */
export type AnswerCheck = <T>(schema: z.ZodType, answer: T, what: string) => T;

/**
 * The debug mode's check of every JSON answer against its published schema (see openapi.ts): a field the
 * code adds or drops without the schema is an AnswerSchemaError naming the field. Off, it costs nothing.
 */
export function answerCheck(enabled: boolean): AnswerCheck {
  if (!enabled) return (_schema, answer) => answer;
  return (schema, answer, what) => {
    const parsed = schema.safeParse(answer);
    if (parsed.success) return answer;
    const issues = parsed.error.issues.slice(0, 5).map((i) => {
      const keys = i.code === 'unrecognized_keys' ? ` ${i.keys.join(', ')}` : '';
      return `${i.path.join('.') || '(answer)'}: ${i.message}${keys}`;
    });
    throw new AnswerSchemaError(escapeText(`${what} does not match its schema: ${issues.join('; ')}`, 1000));
  };
}
