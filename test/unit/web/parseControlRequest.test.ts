import { describe, expect, it } from 'vitest';
import { parseControlRequest } from '../../../src/runtime/web/parseControlRequest.js';

describe('parseControlRequest', () => {
  it('accepts pause, resume and stop with their flags', () => {
    expect(parseControlRequest('{"op":"pause"}')).toEqual({ ok: true, request: { op: 'pause' } });
    expect(parseControlRequest('{"op":"pause","wait":true}')).toEqual({ ok: true, request: { op: 'pause', wait: true } });
    expect(parseControlRequest('{"op":"resume"}')).toEqual({ ok: true, request: { op: 'resume' } });
    expect(parseControlRequest('{"op":"stop","force":true}')).toEqual({ ok: true, request: { op: 'stop', force: true } });
  });

  it('refuses anything else: other operations, wrong flags, extra fields, not JSON', () => {
    for (const body of ['', 'op=stop', '[]', 'null', '{"op":"adjust"}', '{"op":"status"}', '{"op":"stop","force":"yes"}', '{"op":"pause","force":true}', '{"op":"resume","wait":true}', '{"op":"stop","wait":false}', '{"op":"pause","id":3}']) {
      expect(parseControlRequest(body).ok, body).toBe(false);
    }
  });
});
