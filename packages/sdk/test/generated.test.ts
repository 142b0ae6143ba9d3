import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES_PATH, renderOpenApiTypes } from '../scripts/generate-types.js';

describe('src/generated/openapi.ts', () => {
  it("is what the server's OpenAPI document generates today", async () => {
    const committed = await readFile(GENERATED_TYPES_PATH, 'utf8');
    const fresh = await renderOpenApiTypes();
    if (committed !== fresh) {
      // A diff of 1,000 lines helps nobody; the command does.
      expect.fail(
        "The SDK's generated types differ from the server's OpenAPI document: " +
          'run pnpm --filter @ducat/sdk generate and commit src/generated/openapi.ts.',
      );
    }
    expect(committed).toBe(fresh);
  });
});
