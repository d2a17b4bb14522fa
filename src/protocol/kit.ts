// One definition of each wire message, built twice: leniently for what CX sends us and strictly for
// what we send back. The two builds infer identical TypeScript types; only runtime checks differ.
import * as z from 'zod';

export interface SchemaKit {
  readonly mode: 'request' | 'response';
  /** A protobuf message: unknown keys are dropped (request) or refused (response). */
  message<T extends z.ZodRawShape>(shape: T): z.ZodObject<T>;
  /** An optional field: requests also accept `null`, which proto3 JSON reads as "unset". */
  optional<T extends z.ZodType>(schema: T): z.ZodOptional<T>;
  /** A proto enum: requests map unknown names and numbers to the UNSPECIFIED value, responses refuse them. */
  enumeration<const T extends readonly [string, ...string[]]>(values: T): z.ZodEnum<{ [K in T[number]]: K }>;
  /** Whether JSON values (parameters, payloads) are checked all the way down. */
  readonly deepJson: boolean;
}

export const requestKit: SchemaKit = {
  mode: 'request',
  deepJson: false,
  message: (shape) => z.object(shape),
  // Nulls and enum numbers are normalised before the check (lenient.ts), from these same schemas.
  optional: (schema) => schema.optional(),
  enumeration: (values) => z.enum(values).catch(values[0] as never) as unknown as z.ZodEnum<{ [K in (typeof values)[number]]: K }>,
};

export const responseKit: SchemaKit = {
  mode: 'response',
  deepJson: true,
  message: (shape) => z.strictObject(shape) as unknown as z.ZodObject<typeof shape>,
  optional: (schema) => schema.optional(),
  enumeration: (values) => z.enum(values),
};
