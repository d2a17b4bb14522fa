// Phone numbers through libphonenumber-js (the port of Google's libphonenumber, which CX itself
// uses): TO_PHONE_NUMBER and IS_PHONE_NUMBER, with an optional region (default US).
import { type CountryCode, isSupportedCountry, isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import { textArgument } from './arguments.ts';
import type { Argument, CallContext, SystemFunction } from './types.ts';

function region(args: readonly Argument[], context: CallContext): CountryCode {
  const code = args.length === 2 ? textArgument(args, 1).toUpperCase() : 'US';
  return isSupportedCountry(code) ? code : context.fail(`unknown region ${JSON.stringify(code)}; use an ISO 3166 code such as "US"`);
}

export const PHONE_FUNCTIONS: Record<string, SystemFunction> = {
  TO_PHONE_NUMBER: {
    arity: [1, 2],
    call(args, context) {
      const text = textArgument(args, 0);
      const number = parsePhoneNumberFromString(text, region(args, context));
      if (!number) return context.fail(`${JSON.stringify(text)} is not a phone number`);
      return {
        countryCode: Number(number.countryCallingCode),
        nationalNumber: number.nationalNumber,
        e164: number.number,
        ...(number.country ? { regionCode: number.country } : {}),
        ...(number.ext ? { extension: number.ext } : {}),
      };
    },
  },
  IS_PHONE_NUMBER: {
    arity: [1, 2],
    call: (args, context) => isValidPhoneNumber(textArgument(args, 0), region(args, context)),
  },
};
