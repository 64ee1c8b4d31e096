import { describe, expect, it } from 'vitest';
import { authorizeRequest, cookieValue, tokenCookie, tokensEqual, type RequestFacts } from '../../../src/runtime/web/authorizeRequest.js';

const policy = { token: 'secret-token', port: 4321, hostnames: ['127.0.0.1', 'localhost'] };
const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  method: 'GET',
  host: '127.0.0.1:4321',
  origin: undefined,
  contentType: undefined,
  queryToken: undefined,
  cookie: undefined,
  authorization: undefined,
  ...over,
});

describe('authorizeRequest', () => {
  it('accepts the token from the query, the cookie or a bearer header', () => {
    expect(authorizeRequest(facts({ queryToken: 'secret-token' }), policy)).toEqual({ ok: true, via: 'query' });
    expect(authorizeRequest(facts({ cookie: 'a=b; tpe_token=secret-token' }), policy)).toEqual({ ok: true, via: 'cookie' });
    expect(authorizeRequest(facts({ authorization: 'Bearer secret-token' }), policy)).toEqual({ ok: true, via: 'bearer' });
  });

  it('answers 401 without a token and 403 with a wrong one', () => {
    expect(authorizeRequest(facts(), policy)).toMatchObject({ ok: false, status: 401 });
    expect(authorizeRequest(facts({ authorization: 'Basic xyz' }), policy)).toMatchObject({ ok: false, status: 401 });
    expect(authorizeRequest(facts({ queryToken: 'secret-tokeN' }), policy)).toMatchObject({ ok: false, status: 403 });
    expect(authorizeRequest(facts({ queryToken: '' }), policy)).toMatchObject({ ok: false, status: 403 });
    expect(authorizeRequest(facts({ cookie: 'tpe_token=secret-token-and-more' }), policy)).toMatchObject({ ok: false, status: 403 });
  });

  it('lets a right token through beside a stale cookie of another dashboard', () => {
    expect(authorizeRequest(facts({ queryToken: 'secret-token', cookie: 'tpe_token=old' }), policy)).toEqual({ ok: true, via: 'query' });
  });

  it('refuses any Host but the loopback names with our port, before looking at the token', () => {
    for (const host of [undefined, 'evil.example:4321', '127.0.0.1', '127.0.0.1:80', 'localhost.evil.example:4321', '0.0.0.0:4321']) {
      expect(authorizeRequest(facts({ host, queryToken: 'secret-token' }), policy), String(host)).toMatchObject({ ok: false, status: 403 });
    }
    expect(authorizeRequest(facts({ host: 'LOCALHOST:4321', queryToken: 'secret-token' }), policy)).toMatchObject({ ok: true });
    expect(authorizeRequest(facts({ host: 'evil.example:4321' }), policy)).toMatchObject({ status: 403 });
  });

  it('takes a POST only as JSON, from our origin when an origin is given', () => {
    const post = (over: Partial<RequestFacts>) => authorizeRequest(facts({ method: 'POST', authorization: 'Bearer secret-token', ...over }), policy);
    expect(post({ contentType: 'application/json' })).toMatchObject({ ok: true });
    expect(post({ contentType: 'application/json; charset=utf-8', origin: 'http://localhost:4321' })).toMatchObject({ ok: true });
    expect(post({ contentType: 'text/plain' })).toMatchObject({ ok: false, status: 415 });
    expect(post({ contentType: undefined })).toMatchObject({ ok: false, status: 415 });
    expect(post({ contentType: 'application/json', origin: 'http://127.0.0.1:9999' })).toMatchObject({ ok: false, status: 403 });
    expect(post({ contentType: 'application/json', origin: 'null' })).toMatchObject({ ok: false, status: 403 });
  });
});

describe('token helpers', () => {
  it('compares tokens of any length without throwing', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('', 'abc')).toBe(false);
  });

  it('reads one cookie among several and writes an HttpOnly SameSite=Strict one', () => {
    expect(cookieValue('x=1; tpe_token=t0k; y=2', 'tpe_token')).toBe('t0k');
    expect(cookieValue('tpe_token_other=1', 'tpe_token')).toBeUndefined();
    expect(cookieValue(undefined, 'tpe_token')).toBeUndefined();
    expect(tokenCookie('t0k')).toBe('tpe_token=t0k; Path=/; HttpOnly; SameSite=Strict');
  });
});
