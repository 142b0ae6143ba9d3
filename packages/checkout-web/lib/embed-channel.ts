/**
 * The embed page's side of the widget contract (packages/sdk/src/widget/protocol.ts): the page
 * reads `parentOrigin`, `channel` and `mode` from its URL fragment, refuses to talk to a parent
 * origin the merchant did not allow, and posts `{ type, channel, … }` only to that exact origin,
 * only to the window that opened it (the iframe's parent, or the popup's opener).
 */
export type EmbedMessage =
  | { type: 'ducat:ready' }
  | { type: 'ducat:resize'; height: number }
  | { type: 'ducat:success'; orderId: string; status: string; redirectUrl?: string }
  | { type: 'ducat:cancel' }
  | { type: 'ducat:error'; code: string; message: string };

export type EmbedChannel = {
  parentOrigin: string;
  channel: string;
  mode: 'iframe' | 'popup';
  post(message: EmbedMessage): void;
};

const CHANNEL = /^[A-Za-z0-9_-]{8,128}$/;

/** The channel to the parent page, or the reason the page must not talk to it. */
export function openEmbedChannel(options: {
  hash: string;
  allowedOrigins: readonly string[];
  win: Window;
}): EmbedChannel | { refused: string } {
  const params = new URLSearchParams(options.hash.replace(/^#/, ''));
  const parentOrigin = params.get('parentOrigin') ?? '';
  const channel = params.get('channel') ?? '';
  const mode = params.get('mode') === 'popup' ? 'popup' : 'iframe';
  if (!CHANNEL.test(channel)) return { refused: 'This checkout was opened without its widget.' };
  if (!options.allowedOrigins.includes(parentOrigin)) {
    return { refused: 'This shop is not allowed to embed this checkout.' };
  }
  const target = mode === 'popup' ? options.win.opener : options.win.parent;
  if (!target || target === options.win) {
    return { refused: 'This checkout was opened without its widget.' };
  }
  return {
    parentOrigin,
    channel,
    mode,
    post(message) {
      // The exact origin as targetOrigin: the browser drops the message if the parent has
      // navigated elsewhere meanwhile.
      (target as Window).postMessage({ ...message, channel }, parentOrigin);
    },
  };
}
