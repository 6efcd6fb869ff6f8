import { describe, expect, it } from 'vitest';
import { checkIntegrationUrl } from './check-integration-urls.ts';

describe('checkIntegrationUrl', () => {
  it.each([
    ['https://idp.koulu.fi/metadata', 'production', undefined],
    ['http://127.0.0.1:8080/metadata', 'test', undefined],
    ['http://idp.koulu.fi/metadata', 'production', 'url-https'],
    ['http://idp.koulu.fi/metadata', 'preproduction', 'url-https'],
    ['https://idp.koulu.fi/metadata#top', 'test', 'url-fragment'],
    ['https://admin:secret@idp.koulu.fi/metadata', 'test', 'url-userinfo'],
    ['idp.koulu.fi/metadata', 'test', 'url-invalid'],
    ['ftp://idp.koulu.fi/metadata', 'test', 'url-invalid'],
  ])('%s in phase %s → %s', (url, phase, code) => {
    expect(checkIntegrationUrl('settings.metadataUrl', url, phase)?.code).toBe(code);
  });
});
