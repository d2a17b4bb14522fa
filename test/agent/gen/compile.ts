// Type-checks TypeScript sources in memory with the repository's compiler options, as files of a
// folder inside the repository, so `import … from 'cxhook'` resolves to this checkout's sources
// (the package's own name and exports) exactly as it would in a user's project.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// Never written to disk: the host answers for it from memory.
const VIRTUAL_DIR = path.join(ROOT, 'test', 'agent', 'gen', '.in-memory');

function compilerOptions(): ts.CompilerOptions {
  const configFile = path.join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configFile, (file) => readFileSync(file, 'utf8'));
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configFile);
  return { ...parsed.options, noEmit: true };
}

export interface CompileResult {
  /** Per file name given: each diagnostic as `line:column message` (1-based). */
  errors: Map<string, string[]>;
}

/**
 * Type-checks `files` (name → source; names are relative, e.g. `agent-types.ts`) as one program.
 * @example compile({ 'a.ts': 'const x: number = "1";' }).errors.get('a.ts') // ['1:7 Type …']
 */
export function compile(files: Record<string, string>): CompileResult {
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(VIRTUAL_DIR, name), text]));
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile, directoryExists } = host;
  host.fileExists = (file) => virtual.has(path.resolve(file)) || fileExists.call(host, file);
  host.readFile = (file) => virtual.get(path.resolve(file)) ?? readFile.call(host, file);
  host.directoryExists = (dir) => path.resolve(dir) === VIRTUAL_DIR || (directoryExists?.call(host, dir) ?? ts.sys.directoryExists(dir));
  host.getSourceFile = (file, language, onError, create) => {
    const text = virtual.get(path.resolve(file));
    return text === undefined ? getSourceFile.call(host, file, language, onError, create) : ts.createSourceFile(file, text, language, true);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  if (global.length > 0) throw new Error(`the compiler setup is broken: ${global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`);
  const errors = new Map<string, string[]>();
  for (const [name, file] of Object.entries(files).map(([name]) => [name, path.join(VIRTUAL_DIR, name)] as const)) {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) throw new Error(`${name} was not part of the program`);
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    errors.set(
      name,
      diagnostics.map((diagnostic) => {
        const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
      }),
    );
  }
  return { errors };
}
