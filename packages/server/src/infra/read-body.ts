import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.js';

/**
 * Reads a request body as UTF-8, refusing it with `payload_too_large` as soon as it passes
 * `maxBytes` (nothing beyond the limit is buffered). For the plain routes (REST, provider
 * notifications); tRPC has its own limit.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Stop buffering at once; the answer closes the connection, which drops the rest.
        req.off('data', onData);
        req.pause();
        reject(new AppError('payload_too_large', { details: { maxBytes } }));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
