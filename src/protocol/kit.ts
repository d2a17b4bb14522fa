// One definition of each wire message, built twice: leniently for what CX sends us and strictly for
// what we send back. The two builds infer identical TypeScript types; only runtime checks differ.
import { z } from 'zod';

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

const nullAsUnset = (value: unknown) => (value === null ? undefined : value);

export const requestKit: SchemaKit = {
  mode: 'request',
  deepJson: false,
  message: (shape) => z.object(shape),
  // The cast keeps the output type of `.optional()`; the runtime also turns null into undefined.
  optional: (schema) => z.preprocess(nullAsUnset, schema.optional()) as unknown as z.ZodOptional<typeof schema>,
  enumeration: (values) => {
    const names = z.enum(values);
    const byNumber = (value: unknown) => (typeof value === 'number' ? values[value] : value);
    return z.preprocess(byNumber, names.catch(values[0] as never)) as unknown as typeof names;
  },
};

export const responseKit: SchemaKit = {
  mode: 'response',
  deepJson: true,
  message: (shape) => z.strictObject(shape) as unknown as z.ZodObject<typeof shape>,
  optional: (schema) => schema.optional(),
  enumeration: (values) => z.enum(values),
};
