// The fast path of the contract checks: the zod schemas compiled to JSON Schema once and then to
// ajv validators. zod stays the one definition and the authority: whenever a compiled validator
// says no, the caller asks zod, which either accepts (it is more forgiving in a few places, e.g.
// an unknown enum name in a request) or explains the problem with its path. Measured in a loaded
// server, the compiled pair cost ~22 µs of CPU per call against ~50 µs for zod.
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import * as z from 'zod';
import { jsonSchemaOf } from './json.ts';

const loadModule = createRequire(import.meta.url);

/** The JSON Schema the compiled validators are built from (also what the fuzzer generates requests from). */
export function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: 'draft-7',
    unrepresentable: 'any',
    override: (ctx) => {
      const custom = jsonSchemaOf.get(ctx.zodSchema as unknown as z.ZodType);
      if (!custom) return;
      for (const key of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[key];
      Object.assign(ctx.jsonSchema, custom);
    },
  }) as Record<string, unknown>;
}

/** A validator's verdict function: true when the value passes (with `stripUnknown`, after stripping). */
export type Validate = (value: unknown) => boolean;

/**
 * A validator compiled in the background: until it is ready the function returns undefined and the
 * caller uses zod. Compiling takes ~20-35 ms per schema, which a serverless cold start would
 * otherwise pay on CX's clock before the first answer; it starts just after the first call instead.
 * A bundle made by `npm run build` carries `precompiled` (generated at build time, see
 * precompiled.ts), and then nothing is compiled at all.
 */
export function deferredValidator(
  schema: () => z.ZodType,
  options: { stripUnknown: boolean },
  precompiled?: Validate,
): (value: unknown) => boolean | undefined {
  if (precompiled) return precompiled;
  let validate: ValidateFunction | undefined;
  let scheduled = false;
  return (value) => {
    if (validate) return validate(value);
    if (!scheduled) {
      scheduled = true;
      // After the current call has answered; unref'd so it never holds a process open. Should the
      // compile ever fail, zod simply goes on serving: the fast path is an optimisation only.
      setTimeout(() => {
        try {
          validate = compileValidator(schema(), options);
        } catch {
          validate = undefined;
        }
      }, 0).unref();
    }
    return undefined;
  };
}

/**
 * Compiles a zod schema to a validator. With `stripUnknown`, fields the schema does not name are
 * removed from the value in place (what zod's non-strict objects do on a copy).
 */
export function compileValidator(schema: z.ZodType, options: { stripUnknown: boolean }): ValidateFunction {
  // Loaded on first compile, off the cold-start path (a serverless host pays every import up front).
  const { Ajv } = loadModule('ajv') as typeof import('ajv');
  return new Ajv(ajvOptions(options.stripUnknown)).compile(toJsonSchema(schema));
}

/**
 * The source of a CommonJS module exporting the compiled validator (ajv's standalone code): what
 * the build inlines into a bundle so that it never loads ajv nor compiles at run time.
 */
export function validatorSource(schema: z.ZodType, options: { stripUnknown: boolean }): string {
  const { Ajv } = loadModule('ajv') as typeof import('ajv');
  const standaloneCode = (loadModule('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')).default;
  const ajv = new Ajv({ ...ajvOptions(options.stripUnknown), code: { source: true } });
  return standaloneCode(ajv, ajv.compile(toJsonSchema(schema)));
}

function ajvOptions(stripUnknown: boolean) {
  return {
    strict: false,
    strictNumbers: true,
    allErrors: false,
    removeAdditional: stripUnknown,
    validateFormats: false,
    // The schema comes from z.toJSONSchema; checking it against the meta-schema was half the compile.
    validateSchema: false,
  } as const;
}
