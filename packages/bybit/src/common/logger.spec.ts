import { toSdkLogger, type Logger } from './logger.js';

describe('toSdkLogger', () => {
  it('reduces SDK log parameters to safe text, keeping the connection key', () => {
    const lines: string[] = [];
    const logger: Logger = {
      info: (m) => lines.push(m),
      warn: (m) => lines.push(m),
      error: (m) => lines.push(m),
    };
    const sdk = toSdkLogger(logger);
    sdk.info('Websocket connected', { category: 'bybit-ws', wsKey: 'v5Private', testnet: false });
    sdk.error('request failed', { code: 503, requestOptions: { key: 'k', secret: 'do-not-print' } });
    sdk.trace('ping');
    expect(lines).toEqual([
      'bybit-api: Websocket connected wsKey=v5Private',
      'bybit-api: request failed code=503',
    ]);
  });
});
