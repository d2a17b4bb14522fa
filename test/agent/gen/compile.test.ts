// The generated module compiles with the repository's compiler options, and an app typed with it
// (`typed<…Agent>(app)` from 'cxhook') accepts the agent's tags and parameter names and nothing else.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { generateTypes } from '../../../src/agent/gen/index.ts';
import { loadAgent } from '../../../src/agent/index.ts';
import { sharedFixture } from '../../../tools/support/shared-fixtures.ts';
import { agent, call, flow, formParam, page, route } from './build-agent.ts';
import { compile, type CompileResult } from './compile.ts';

const shop = agent({
  displayName: 'shop',
  flows: [
    flow('Order', {
      pages: [
        page('Order', 'Size', { form: [formParam('pizza-size', '@size'), formParam('crust', '@crust')], entryFulfillment: call('price') }),
        page('Order', 'Pay', { transitionRoutes: [route({ condition: '$session.params.total > 0', triggerFulfillment: call('charge') })] }),
      ],
    }),
  ],
});

/** A module using the typed app: `body` runs inside a `price` handler unless it registers its own. */
function snippet(body: string): string {
  return [
    "import { createWebhook, serve, typed } from 'cxhook';",
    "import type { ShopAgent } from './shop-types.ts';",
    'export const app = createWebhook();',
    'const shop = typed<ShopAgent>(app);',
    body,
    '',
  ].join('\n');
}

const inPrice = (line: string) => snippet(`shop.tag('price', (ctx) => {\n  ${line}\n});`);

const files: Record<string, string> = {
  'shop-types.ts': generateTypes(shop),
  'correct.ts': snippet(
    [
      "shop.tag('price', (ctx) => {",
      "  const size = ctx.param('pizza-size');",
      "  const crust = ctx.page.form.crust?.value;",
      "  const before: unknown = ctx.sessionParams.total;",
      "  ctx.reply.text('Priced').setParam('total', 12.5).deleteParam('crust');",
      "  if (size === 'XXL') ctx.reply.invalidate('pizza-size', 'We do not make that size.');",
      '  return { crust, before };',
      '});',
      "shop.tag('charge', async (ctx) => { ctx.reply.setParams({ total: 0 }).endSession(); }, { reads: ['total'], writes: ['total'] });",
      "shop.intent('order.pizza', (ctx) => ctx.reply.text(String(ctx.param('pizza-size'))));",
      "shop.fallback((ctx) => ctx.reply.text('Sorry?'));",
      "void serve({ app, port: 0 });",
    ].join('\n'),
  ),
  'unknown-tag.ts': snippet("shop.tag('refund', (ctx) => ctx.reply.text('no'));"),
  'unknown-param.ts': inPrice("ctx.param('topping');"),
  'unknown-form-param.ts': inPrice('ctx.page.form.topping;'),
  'form-param-of-other-page.ts': snippet("shop.tag('charge', (ctx) => ctx.page.form['pizza-size']);"),
  'unknown-session-param.ts': inPrice("ctx.sessionParams['topping'];"),
  'set-unknown-param.ts': inPrice("ctx.reply.text('ok').setParam('topping', 'ham');"),
  'invalidate-unknown.ts': inPrice("ctx.reply.invalidate('total');"),
  'declare-unknown.ts': snippet("shop.tag('charge', () => undefined, { writes: ['topping'] });"),
};

const REAL_AGENTS = ['goodbye-graffiti', 'divebooker', 'blood-donation'] as const;

/** A module using a real agent's types through `typed`. */
function realSnippet(types: string, agentInterface: string, body: string): string {
  return [
    "import { createWebhook, typed } from 'cxhook';",
    `import type { ${agentInterface} } from './${types}';`,
    `const app = typed<${agentInterface}>(createWebhook());`,
    body,
    '',
  ].join('\n');
}
const graffiti = (body: string) => realSnippet('goodbye-graffiti.ts', 'GoodbyeGraffitiAgent', body);
const divebooker = (body: string) => realSnippet('divebooker.ts', 'DivebookerAgent', body);

Object.assign(files, {
  'graffiti-correct.ts': graffiti(
    [
      "app.tag('geocode', (ctx) => {",
      "  const place = ctx.page.form.location?.value ?? ctx.param('location');",
      "  ctx.reply.setParam('formatted_address', String(place)).setParam('address_collection_status', 'VALID_ADDRESS');",
      '});',
      "app.tag('validation', (ctx) => { if (ctx.sessionParams['type-of-property'] === 'residential') ctx.reply.text('ok'); });",
    ].join('\n'),
  ),
  // The webhook's display name is not its tag: a mistake worth catching.
  'graffiti-webhook-name-as-tag.ts': graffiti("app.tag('lookup_place', (ctx) => ctx.reply.text('x'));"),
  // `$flow.city` is a flow parameter a webhook cannot set as a session parameter.
  'graffiti-flow-param.ts': graffiti("app.tag('geocode', (ctx) => ctx.reply.setParam('$flow.city', 'Paris'));"),
  'graffiti-form-of-other-tag.ts': graffiti("app.tag('validation', (ctx) => ctx.reply.invalidate('location'));"),
  'divebooker-correct.ts': divebooker("app.intent('head.send.group.request', (ctx) => ctx.reply.text(String(ctx.param('number-of-guests'))));"),
  'divebooker-any-tag.ts': divebooker("app.tag('book', (ctx) => ctx.reply.text('x'));"),
});

let result: CompileResult;
before(async () => {
  for (const name of REAL_AGENTS) files[`${name}.ts`] = generateTypes(await loadAgent(fileURLToPath(sharedFixture(`agents/${name}/`))));
  result = compile(files);
});

test('the generated module compiles on its own', () => {
  assert.deepEqual(result.errors.get('shop-types.ts'), []);
});

test('an app using the known tags, form and session parameters compiles cleanly', () => {
  assert.deepEqual(result.errors.get('correct.ts'), []);
});

for (const [file, name] of [
  ['unknown-tag.ts', 'refund'],
  ['unknown-param.ts', 'topping'],
  ['unknown-form-param.ts', 'topping'],
  ['form-param-of-other-page.ts', 'pizza-size'],
  ['unknown-session-param.ts', 'topping'],
  ['set-unknown-param.ts', 'topping'],
  ['invalidate-unknown.ts', 'total'],
  ['declare-unknown.ts', 'topping'],
] as const) {
  test(`${file.replace(/\.ts$/, '').replaceAll('-', ' ')} is a compile error naming "${name}"`, () => {
    const errors = result.errors.get(file) ?? [];
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, new RegExp(`\\b${name}\\b`));
  });
}

test('the modules generated for the three real agents compile', () => {
  for (const name of REAL_AGENTS) assert.deepEqual(result.errors.get(`${name}.ts`), [], name);
});

test("apps typed with a real agent's module compile when they use its tags and parameters", () => {
  assert.deepEqual(result.errors.get('graffiti-correct.ts'), []);
  assert.deepEqual(result.errors.get('divebooker-correct.ts'), []);
});

for (const [file, name] of [
  ['graffiti-webhook-name-as-tag.ts', 'lookup_place'],
  ['graffiti-flow-param.ts', '\\$flow\\.city'],
  ['graffiti-form-of-other-tag.ts', 'location'],
  ['divebooker-any-tag.ts', 'book'],
] as const) {
  test(`with a real agent, ${file.replace(/\.ts$/, '').replaceAll('-', ' ')} is a compile error`, () => {
    const errors = result.errors.get(file) ?? [];
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, new RegExp(`"${name}"`));
  });
}
