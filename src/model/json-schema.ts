import { z } from 'zod';
import { ExtractionResult } from './result.js';

/** JSON Schema (draft 2020-12) of the extraction result, with the field descriptions from the model. */
export function jsonSchemaOfResult(): Record<string, unknown> {
  return {
    title: 'tally extraction result',
    ...z.toJSONSchema(ExtractionResult, { target: 'draft-2020-12' }),
  };
}
