// TO_OBJECT's input: JSON, or the looser form CX documents (`{'k':v}`: single quotes, and bare
// words as values), which JSON.parse refuses.

class LooseReader {
  private position = 0;
  constructor(private readonly text: string) {}

  read(): unknown {
    const value = this.value();
    this.space();
    if (this.position < this.text.length) this.fail('unexpected text after the value');
    return value;
  }

  private fail(problem: string): never {
    throw new Error(`${problem} at position ${this.position + 1}`);
  }

  private space(): void {
    while (/\s/.test(this.text[this.position] ?? '')) this.position++;
  }

  private value(): unknown {
    this.space();
    const char = this.text[this.position];
    if (char === '{') return this.object();
    if (char === '[') return this.list();
    if (char === '"' || char === "'") return this.quoted(char);
    return this.bare(',}]');
  }

  private object(): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.position++;
    this.space();
    if (this.text[this.position] === '}') {
      this.position++;
      return result;
    }
    for (;;) {
      this.space();
      const char = this.text[this.position];
      const key = char === '"' || char === "'" ? this.quoted(char) : String(this.bare(':', true));
      this.space();
      if (this.text[this.position] !== ':') this.fail('expected ":" after a key');
      this.position++;
      // A key named __proto__ is data here, never a prototype change.
      Object.defineProperty(result, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      if (this.separator('}')) return result;
    }
  }

  private list(): unknown[] {
    const result: unknown[] = [];
    this.position++;
    this.space();
    if (this.text[this.position] === ']') {
      this.position++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      if (this.separator(']')) return result;
    }
  }

  // After an item: "," continues (false), the closing bracket ends (true).
  private separator(close: string): boolean {
    this.space();
    const char = this.text[this.position];
    this.position++;
    if (char === ',') return false;
    if (char === close) return true;
    return this.fail(`expected "," or "${close}"`);
  }

  private quoted(quote: string): string {
    let value = '';
    for (this.position++; this.position < this.text.length; this.position++) {
      const char = this.text[this.position] as string;
      if (char === quote) {
        this.position++;
        return value;
      }
      value += char === '\\' ? (this.text[++this.position] ?? '') : char;
    }
    return this.fail('unterminated string');
  }

  private bare(stops: string, key = false): unknown {
    const start = this.position;
    while (this.position < this.text.length && !stops.includes(this.text[this.position] as string)) this.position++;
    const word = this.text.slice(start, this.position).trim();
    if (word === '') this.fail('expected a value');
    if (key) return word;
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(word) ? Number(word) : word;
  }
}

/**
 * Reads JSON or CX's loose object text.
 * @example parseLooseObject("{'k': v, 'n': 2}") // { k: 'v', n: 2 }
 */
export function parseLooseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new LooseReader(text).read();
  }
}
