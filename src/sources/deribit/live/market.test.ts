import { describe, expect, it } from 'vitest';
import { deribitMarket, inMarket, marketChannels } from './market.js';

describe('deribitMarket: which chain a currency names', () => {
  it('BTC and ETH are inverse chains listed under their own currency, priced on the USD index', () => {
    expect(deribitMarket('btc')).toEqual({
      name: 'BTC',
      base: 'BTC',
      restCurrency: 'BTC',
      instrumentPrefix: 'BTC-',
      indexName: 'btc_usd',
      settlement: 'inverse',
    });
    expect(deribitMarket('ETH').indexName).toBe('eth_usd');
  });

  it('every other coin, and BTC_USDC, is a linear chain under the USDC umbrella, priced on its USDC index', () => {
    expect(deribitMarket('sol')).toEqual({
      name: 'SOL_USDC',
      base: 'SOL',
      restCurrency: 'USDC',
      instrumentPrefix: 'SOL_USDC-',
      indexName: 'sol_usdc',
      settlement: 'linear',
    });
    expect(deribitMarket('XRP_USDC').instrumentPrefix).toBe('XRP_USDC-');
    expect(deribitMarket('BTC_USDC')).toMatchObject({ base: 'BTC', restCurrency: 'USDC', indexName: 'btc_usdc' });
  });

  it('picks the market’s options out of the umbrella by name', () => {
    const sol = deribitMarket('SOL');
    expect(inMarket(sol, 'SOL_USDC-20NOV25-180-C')).toBe(true);
    expect(inMarket(sol, 'XRP_USDC-20NOV25-2d2-C')).toBe(false);
    expect(inMarket(deribitMarket('BTC'), 'BTC_USDC-20NOV25-90000-C')).toBe(false);
  });

  it('names the four channels of the live chain', () => {
    expect(marketChannels(deribitMarket('BTC'))).toEqual({
      markPrice: 'markprice.options.btc_usd',
      index: 'deribit_price_index.btc_usd',
      instrumentState: 'instrument.state.option.BTC',
      trades: 'trades.option.BTC.raw',
    });
    expect(marketChannels(deribitMarket('SOL'), '100ms').trades).toBe('trades.option.USDC.100ms');
  });

  it('refuses something that is not a currency', () => {
    expect(() => deribitMarket('BTC-PERPETUAL')).toThrow(/BTC-PERPETUAL/);
    expect(() => deribitMarket('')).toThrow(RangeError);
  });
});
