// JSON paths for source references and errors (`$.transitionRoutes[2].triggerFulfillment`), so a
// message points at the exact spot in the exported file.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `base` extended by property names and array indexes.
 * @example jsonPath('$.form', 'parameters', 0) // '$.form.parameters[0]'
 */
export function jsonPath(base: string, ...steps: readonly PropertyKey[]): string {
  let path = base;
  for (const step of steps) {
    if (typeof step === 'number') path += `[${step}]`;
    else if (typeof step === 'string' && IDENTIFIER.test(step)) path += `.${step}`;
    else path += `[${JSON.stringify(String(step))}]`;
  }
  return path;
}
