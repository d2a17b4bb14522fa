// Dialogflow Messenger rich content (spec §13): current elements accepted, legacy df-messenger
// shapes accepted, malformed known elements refused with their path, unknown types passed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRichContent, checkWebhookResponse, richElementSchemas } from '../../src/protocol/index.ts';

const current: Record<string, Record<string, unknown>> = {
  info: { type: 'info', title: 'Paris', subtitle: 'France', image: { rawUrl: 'https://x/p.png' }, anchor: { href: 'https://x', target: '_blank' } },
  description: { type: 'description', title: 'Hours', text: ['Mon-Fri', '9-5'] },
  image: { type: 'image', rawUrl: 'https://x/i.png', accessibilityText: 'logo' },
  button: { type: 'button', icon: { type: 'chevron_right', color: '#FF9800' }, text: 'Go', anchor: { href: 'https://x' }, event: { event: 'clicked' } },
  list: { type: 'list', title: 'Item', subtitle: 'sub', event: { event: 'picked' } },
  accordion: { type: 'accordion', title: 'T', subtitle: 'S', image: { rawUrl: 'https://x/a.png' }, text: 'body' },
  chips: { type: 'chips', options: [{ text: 'Yes', image: { rawUrl: 'https://x/y.png' }, anchor: { href: 'https://x' } }, { text: 'No' }], mode: 'blocking' },
  divider: { type: 'divider' },
  match_citations: { type: 'match_citations', citations: [{ title: 'Doc', subtitle: 'p. 2', anchor: { href: 'https://x/doc' } }] },
  html: { type: 'html', html: '<b>hi</b>' },
};

describe('checkRichContent', () => {
  test('the sample list covers every current element type', () => {
    assert.deepEqual(Object.keys(current).sort(), Object.keys(richElementSchemas).sort());
  });

  for (const [type, element] of Object.entries(current)) {
    test(`a current ${type} element is accepted`, () => {
      assert.deepEqual(checkRichContent([[element]]), []);
    });
  }

  const legacy: [string, Record<string, unknown>][] = [
    ['info with actionLink and image.src.rawUrl', { type: 'info', title: 'T', actionLink: 'https://x', image: { src: { rawUrl: 'https://x/i.png' } } }],
    ['button with link and event{name,languageCode,parameters}', { type: 'button', text: 'Go', link: 'https://x', event: { name: 'go', languageCode: 'en', parameters: { a: 1 } } }],
    ['chips with link and image.src.rawUrl', { type: 'chips', options: [{ text: 'A', link: 'https://x', image: { src: { rawUrl: 'https://x/c.png' } } }] }],
    ['accordion with image.src.rawUrl', { type: 'accordion', title: 'T', image: { src: { rawUrl: 'https://x/a.png' } } }],
    ['list with event{name}', { type: 'list', title: 'T', event: { name: 'picked' } }],
  ];
  for (const [what, element] of legacy) {
    test(`a legacy ${what} is accepted`, () => {
      assert.deepEqual(checkRichContent([[element]]), []);
    });
  }

  test('a malformed known element is refused with the path of the bad field', () => {
    const found = checkRichContent([[current.divider], [current.info, { type: 'image', rawUrl: 42 }]]);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.path, [1, 1, 'rawUrl']);
    assert.match(found[0]?.message ?? '', /^image: /);
  });

  test('a known element with an unknown field is refused', () => {
    const found = checkRichContent([[{ type: 'divider', color: 'red' }]]);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0]?.path.slice(0, 2), [0, 0]);
  });

  test('a chip option without text is refused with the option path', () => {
    const found = checkRichContent([[{ type: 'chips', options: [{ text: 'ok' }, { anchor: { href: 'https://x' } }] }]]);
    assert.deepEqual(
      found.map((issue) => issue.path),
      [[0, 0, 'options', 1, 'text']],
    );
  });

  test('a type named like an Object.prototype member is an unknown type, not a crash', () => {
    for (const type of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      assert.deepEqual(checkRichContent([[{ type, x: 1 }]]), [], type);
    }
  });

  test('an unknown element type such as the CCAI textBox passes, in a single-level list too', () => {
    assert.deepEqual(checkRichContent([[{ type: 'textBox', anything: { goes: true } }]]), []);
    assert.deepEqual(checkRichContent([{ type: 'textBox', title: 'CCAI' }]), []);
  });

  test('an element without a string type is refused', () => {
    const found = checkRichContent([[{ title: 'no type' }, null]]);
    assert.deepEqual(
      found.map((issue) => issue.path),
      [
        [0, 0],
        [0, 1],
      ],
    );
  });

  test('richContent that is not a list is refused', () => {
    assert.equal(checkRichContent({ type: 'info' }).length, 1);
  });

  test('a response with a malformed rich element is refused with the full path', () => {
    const result = checkWebhookResponse({
      fulfillmentResponse: { messages: [{ text: { text: ['x'] } }, { payload: { richContent: [[{ type: 'info', image: { rawUrl: 5 } }]] } }] },
    });
    assert.ok(!result.ok);
    assert.deepEqual(
      result.issues.map((issue) => issue.path),
      ['fulfillmentResponse.messages.1.payload.richContent.0.0.image.rawUrl'],
    );
  });

  test('a response with legacy and unknown rich elements is accepted', () => {
    const result = checkWebhookResponse({
      fulfillmentResponse: { messages: [{ payload: { richContent: [[legacy[0]![1]], [{ type: 'textBox' }]] } }] },
    });
    assert.ok(result.ok);
  });
});
