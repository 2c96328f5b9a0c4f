import type { ReportQuery } from '../query.js';
import type { ReportCache } from '../reportCache.js';
import type { ChainSource } from '../sources.js';
import { type Alert, type AlertReport, detectAlerts } from './detect.js';

/**
 * Watches one source: on every new snapshot it compares the report with the previous one and hands
 * the alerts to `emit` (a dispatcher's `send`, which never blocks the server).
 */
export function monitorSource(
  source: ChainSource,
  cache: ReportCache,
  query: ReportQuery,
  emit: (alert: Alert) => void,
): () => void {
  let previous: AlertReport | undefined;
  let lastVersion = -1;
  const check = () => {
    const current = source.current();
    if (!current || current.version === lastVersion) return;
    lastVersion = current.version;
    const report = cache.get(source, query)?.report;
    if (!report) return;
    if (previous) for (const alert of detectAlerts(source.id, previous, report)) emit(alert);
    previous = report;
  };
  check();
  return source.subscribe(check);
}
