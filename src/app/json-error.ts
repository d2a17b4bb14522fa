// Where a JSON body goes wrong, for the 400 answer. V8 on Node 20 often reports a syntax error
// without a position and quotes the input instead; we answer with line and column and never echo
// the body (it may hold personal data).

/** Offset of the first character at which `text` stops being JSON (text.length if it ends early). */
export function findJsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else {
      // Point at the first character that differs.
      let k = 0;
      while (k < word.length && text[i + k] === word[k]) k++;
      i += k;
      fail();
    }
  };
  const string = () => {
    i++;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c < ' ') fail();
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail();
      }
      i++;
    }
    fail();
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail();
    i += (match as RegExpExecArray)[0].length;
  };
  /** `"key":` of an object member. */
  const memberKey = () => {
    ws();
    if (text[i] !== '"') fail();
    string();
    ws();
    if (text[i] !== ':') fail();
    i++;
  };
  // A loop with an explicit stack of open containers, not recursion: a body nested 10 000 levels
  // deep must get its 400, not overflow the call stack.
  const closers: string[] = [];
  try {
    for (;;) {
      ws();
      const c = text[i];
      if (c === '{' || c === '[') {
        i++;
        ws();
        const close = c === '{' ? '}' : ']';
        if (text[i] !== close) {
          closers.push(close);
          if (close === '}') memberKey();
          continue;
        }
        i++;
      } else if (c === '"') string();
      else if (c === 't') literal('true');
      else if (c === 'f') literal('false');
      else if (c === 'n') literal('null');
      else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
      else fail();
      // A value ended: close containers until one continues with a comma, or the text ends.
      for (;;) {
        ws();
        const close = closers.at(-1);
        if (close === undefined) {
          if (i < text.length) fail();
          return text.length;
        }
        if (text[i] === ',') {
          i++;
          if (close === '}') memberKey();
          break;
        }
        if (text[i] !== close) fail();
        i++;
        closers.pop();
      }
    }
  } catch (offset) {
    if (typeof offset !== 'number') throw offset;
    return offset;
  }
}

/** "unexpected character '}' at line 2 column 9 (position 17)" and the like, never quoting the body. */
export function describeJsonError(text: string): string {
  if (text.trim() === '') return 'the body is empty';
  const offset = findJsonErrorOffset(text);
  if (offset >= text.length) return `the body ends early (after ${text.length} characters)`;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const found = JSON.stringify(text[offset]);
  return `unexpected character ${found} at line ${line} column ${column} (position ${offset})`;
}
