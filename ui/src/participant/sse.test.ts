import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  it('reads named events, ignores keep-alive comments', () => {
    const p = new SseParser();
    const out = p.push(': keep-alive\n\nevent: view\ndata: {"rev":1}\n\n: keep-alive\n\n');
    expect(out).toEqual([{ event: 'view', data: '{"rev":1}' }]);
  });

  it('joins a frame split anywhere across chunks, CRLF included', () => {
    const text = 'event: view\r\ndata: {"a":\r\ndata: 1}\r\n\r\nevent: ended\r\ndata: {}\r\n\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new SseParser();
      const out = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut))];
      expect(out, `cut at ${cut}`).toEqual([
        { event: 'view', data: '{"a":\n1}' },
        { event: 'ended', data: '{}' },
      ]);
    }
  });

  it('delivers a bare named event (no data line) and defaults the name to message', () => {
    const p = new SseParser();
    expect(p.push('event: removed\n\ndata: x\n\n')).toEqual([
      { event: 'removed', data: '' },
      { event: 'message', data: 'x' },
    ]);
  });

  it('keeps an unfinished frame until its blank line arrives', () => {
    const p = new SseParser();
    expect(p.push('event: view\ndata: {}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'view', data: '{}' }]);
  });

  it('keeps hostile text as data, untouched', () => {
    const p = new SseParser();
    const data = '{"text":"<img src=x onerror=alert(1)> : not a comment"}';
    expect(p.push(`event: view\ndata:${data}\n\n`)).toEqual([{ event: 'view', data }]);
  });
});
