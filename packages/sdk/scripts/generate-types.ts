/**
 * Writes `src/generated/openapi.ts`, the SDK's request and response types, from the server's
 * OpenAPI document as the server code builds it (no running server needed):
 * `pnpm --filter @ducat/sdk generate`. `test/generated.test.ts` fails when the committed file
 * is not what this writes.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildOpenApiDocument } from '../../server/src/rest/openapi.js';
import { resolveRoutes } from '../../server/src/rest/resolve-routes.js';
import { MERCHANT_REST_ROUTES } from '../../server/src/rest/routes.js';
import { appRouter, VERSION } from '../../server/src/root.js';

export const GENERATED_TYPES_PATH = fileURLToPath(
  new URL('../src/generated/openapi.ts', import.meta.url),
);

const HEADER = `/**
 * GENERATED from the server's OpenAPI document (packages/server/src/rest/openapi.ts) by
 * openapi-typescript. Do not edit: run \`pnpm --filter @ducat/sdk generate\`.
 */

`;

/** The merchant API's OpenAPI document, exactly as `GET /openapi.json` serves it. */
export function openApiDocument(): Record<string, unknown> {
  // The version is left out so that a version bump alone does not change the generated file.
  const document = buildOpenApiDocument({
    routes: resolveRoutes(appRouter, MERCHANT_REST_ROUTES),
    version: VERSION,
  });
  const info = (document.info ?? {}) as Record<string, unknown>;
  return { ...document, info: { ...info, version: '0' } };
}

/** The contents `src/generated/openapi.ts` must have. */
export async function renderOpenApiTypes(): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(openApiDocument())), {
    alphabetize: false,
    // A field with a default may be left out of a request; the type must say so.
    defaultNonNullable: false,
    exportType: true,
  });
  return HEADER + astToString(ast);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const contents = await renderOpenApiTypes();
  await writeFile(GENERATED_TYPES_PATH, contents);
  process.stdout.write(`wrote ${GENERATED_TYPES_PATH}\n`);
}
