import { type ExpiryView, parseExpiryView } from '../analytics/views.js';
import { UsageError } from './usageError.js';

/** `--expiries` read as an expiry view; a text that is not one is a usage error (exit 2) naming `field`. */
export function expiryViewFlag(text: string, field?: string): ExpiryView {
  try {
    return parseExpiryView(text, field);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
