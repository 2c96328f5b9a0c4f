import { describe, expect, it } from 'vitest';
import { handChain } from '../../test/support/syntheticChain.js';
import { liveMetricsFor } from '../analytics/live.js';
import { toColumnar } from '../chain/columnar.js';
import { renderLiveFrame } from './liveView.js';

// one sign over the whole range: dealers long a single call
const snapshot = handChain([{ strike: 100, type: 'C', oi: 10 }]);
const metrics = liveMetricsFor(toColumnar(snapshot, snapshot.options), { positioning: { model: 'classic' } });
const frame = (m: typeof metrics) =>
  renderLiveFrame({
    title: 'test',
    metrics: m,
    status: { stale: false, staleSince: null, staleReason: null, notifications: 0, reconnects: 0, protocolErrors: 0 },
    now: snapshot.asOf,
    positioning: 'classic',
    view: 'all',
    rows: 3,
    color: false,
    frame: 0,
  });

describe('the live frame on a chain without a flip', () => {
  it('says none within the range when the search is certified', () => {
    expect(metrics.flipSearch.certified).toBe(true);
    expect(frame(metrics)).toContain('Gamma flip none within the range');
  });

  it('says none found and why when it is not', () => {
    const text = frame({ ...metrics, flipSearch: { ...metrics.flipSearch, certified: false, reason: 'gave up' } });
    expect(text).not.toContain('none within the range');
    expect(text).toContain('none found; search not certified: gave up');
  });
});
