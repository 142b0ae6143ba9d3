import { describe, expect, it, vi } from 'vitest';
import { openEmbedChannel } from './embed-channel';

function frameWindow() {
  const parent = { postMessage: vi.fn() };
  const win = { parent, opener: null } as unknown as Window;
  return { win, parent };
}

const hash = (params: Record<string, string>) => `#${new URLSearchParams(params).toString()}`;

describe('the embed page side of the widget protocol', () => {
  it('posts tagged messages to the allowed parent origin only', () => {
    const { win, parent } = frameWindow();
    const channel = openEmbedChannel({
      hash: hash({
        parentOrigin: 'https://shop.example',
        channel: 'c0ffee00c0ffee00',
        mode: 'iframe',
      }),
      allowedOrigins: ['https://shop.example'],
      win,
    });
    if ('refused' in channel) throw new Error(channel.refused);
    channel.post({ type: 'ducat:resize', height: 640 });
    expect(parent.postMessage).toHaveBeenCalledWith(
      { type: 'ducat:resize', height: 640, channel: 'c0ffee00c0ffee00' },
      'https://shop.example',
    );
  });

  it('refuses a parent origin the merchant did not allow, and a missing channel', () => {
    const { win, parent } = frameWindow();
    const foreign = openEmbedChannel({
      hash: hash({ parentOrigin: 'https://evil.example', channel: 'c0ffee00c0ffee00' }),
      allowedOrigins: ['https://shop.example'],
      win,
    });
    expect(foreign).toEqual({ refused: expect.stringContaining('not allowed') });
    const noChannel = openEmbedChannel({
      hash: hash({ parentOrigin: 'https://shop.example' }),
      allowedOrigins: ['https://shop.example'],
      win,
    });
    expect('refused' in noChannel).toBe(true);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it('talks to the opener in popup mode, and refuses when opened on its own', () => {
    const opener = { postMessage: vi.fn() };
    const popup = { opener, parent: null } as unknown as Window;
    const ok = openEmbedChannel({
      hash: hash({
        parentOrigin: 'https://shop.example',
        channel: 'c0ffee00c0ffee00',
        mode: 'popup',
      }),
      allowedOrigins: ['https://shop.example'],
      win: popup,
    });
    if ('refused' in ok) throw new Error(ok.refused);
    ok.post({ type: 'ducat:cancel' });
    expect(opener.postMessage).toHaveBeenCalledWith(
      { type: 'ducat:cancel', channel: 'c0ffee00c0ffee00' },
      'https://shop.example',
    );
    const alone = {} as Window;
    Object.assign(alone, { parent: alone, opener: null });
    const top = openEmbedChannel({
      hash: hash({ parentOrigin: 'https://shop.example', channel: 'c0ffee00c0ffee00' }),
      allowedOrigins: ['https://shop.example'],
      win: alone,
    });
    expect('refused' in top).toBe(true);
  });
});
