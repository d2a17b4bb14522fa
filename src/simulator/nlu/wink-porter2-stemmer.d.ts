// The package ships no types: it exports one function, the Porter2 stem of one lower-case word.
declare module 'wink-porter2-stemmer' {
  export default function stem(word: string): string;
}
