import { expect, it } from 'vitest';
import { LiveFeedSource } from '../../src/server/liveFeedSource.js';
import { StreamedVenueFeed } from '../../src/sources/venue/streamedFeed.js';
import type { VenueWsCallbacks } from '../../src/sources/venue/wsStream.js';
import { randomChain } from '../support/syntheticChain.js';

it('names the refused stream topics in an ok status with their control bytes escaped', async () => {
  let callbacks: VenueWsCallbacks<unknown> | undefined;
  const refused = ['tickers.BTC-1JAN30-1-C\u001b[2J\r\n', 'tickers.\u009bX'];
  const feed = new StreamedVenueFeed<unknown>({
    venue: 'test',
    underlying: 'BTC',
    id: 'test',
    label: 'test',
    fetch: async () => randomChain(4),
    stream: (c) => {
      callbacks = c;
      return {
        stats: { connections: 1, reconnects: 0, protocolErrors: 0, pushes: 0 },
        start: () => {},
        close: () => {},
        refusedTopics: () => refused,
      };
    },
    apply: (snapshot) => ({ snapshot, applied: 0 }),
    restMs: 3_600_000,
  });
  const source = new LiveFeedSource(feed);
  try {
    await feed.start();
    callbacks?.onOpen?.();
    const status = source.status();
    expect(status.state).toBe('ok');
    expect(status.reason).toBe(
      'the venue refused 2 stream subscriptions ("tickers.BTC-1JAN30-1-C\\u001b[2J\\r\\n", "tickers.\\u009bX"): those options move only with REST snapshots',
    );
  } finally {
    await source.close();
  }
});
