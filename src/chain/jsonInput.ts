import type { z } from 'zod';
import { escapeText, quote } from '../core/escape.js';
import { jsonSyntaxError, lineColumn } from './jsonSyntax.js';
import { ChainInputError } from './types.js';

/**
 * The one way gexmap reads a JSON input (a saved venue answer, a mapping, a book, a tape, a config):
 * a UTF-8 byte-order mark is skipped, a syntax error is one line naming the file, line and column,
 * and a zod schema then checks shape and types, its first issue named by path
 * (`mapping.json: mapping.typeWords.call[0]: expected string, got number`). Pure: callers read the
 * file. Semantic checks stay with the parsers that know the domain.
 */

/** Names a JSON input in messages: the file (when there is one) and the name of its root value. */
export interface JsonInputName {
  readonly file?: string;
  /** how the root reads in a path: `mapping`, `positions`, `get_instruments` … */
  readonly root: string;
}

/** A JSON input that is not JSON or not of the expected shape; `where` is the file, `field` the path. */
export class JsonInputError extends ChainInputError {
  constructor(message: string, where: string, field?: string) {
    super(message, where, field);
    this.name = 'JsonInputError';
  }
}

const prefix = (name: JsonInputName) => (name.file === undefined ? '' : `${escapeText(name.file, 300)}: `);

/** The text without its UTF-8 byte-order mark (which JSON.parse refuses). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Parses JSON text; a syntax error names the file, the line and the column, and never echoes raw bytes. */
export function parseJsonText(text: string, name: JsonInputName): unknown {
  const body = stripBom(text);
  try {
    return JSON.parse(body);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    const where = name.file ?? name.root;
    const stop = jsonSyntaxError(body);
    const problem =
      stop === undefined ? 'rejected by the JSON parser' : `${stop.problem} at ${lineColumn(body, stop.at)}`;
    throw new JsonInputError(`${prefix(name)}${name.root} is not JSON: ${problem}`, where, 'json');
  }
}

/** Checks a parsed value against `schema`; the first issue becomes one line naming its path. */
export function checkJson<S extends z.ZodType>(value: unknown, schema: S, name: JsonInputName): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0] as z.core.$ZodIssue;
  const { path, problem } = describeIssue(first, []);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  const at = jsonPath(name.root, path);
  throw new JsonInputError(`${prefix(name)}${at}: ${problem}${more}`, name.file ?? name.root, at);
}

/** parseJsonText, then checkJson. */
export function readJson<S extends z.ZodType>(text: string, schema: S, name: JsonInputName): z.output<S> {
  return checkJson(parseJsonText(text, name), schema, name);
}

/** `root.key[3]["odd key"]`: identifiers after a dot, indices and other keys in brackets (escaped). */
export function jsonPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${quote(typeof key === 'symbol' ? key.toString() : key, 80)}]`;
  }
  return out;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The path and the wording of one zod issue; a union reports the branch that got furthest. */
function describeIssue(
  issue: z.core.$ZodIssue,
  base: readonly PropertyKey[],
): { path: PropertyKey[]; problem: string } {
  const path = [...base, ...issue.path];
  switch (issue.code) {
    case 'invalid_type':
      // JSON holds no undefined: an undefined input is a missing key
      if (issue.input === undefined) return { path, problem: `is missing (expected ${issue.expected})` };
      return { path, problem: `expected ${issue.expected}, got ${typeName(issue.input)}` };
    case 'invalid_value': {
      const allowed = issue.values.map((v) => quote(v, 40)).join(', ');
      const oneOf = issue.values.length === 1 ? allowed : `one of ${allowed}`;
      if (issue.input === undefined) return { path, problem: `is missing (expected ${oneOf})` };
      return { path, problem: `${quote(issue.input, 60)} is not ${oneOf}` };
    }
    case 'unrecognized_keys':
      return {
        path,
        problem: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => quote(k, 60)).join(', ')}`,
      };
    case 'invalid_union': {
      const branches = issue.errors.filter((b) => b.length > 0);
      if (branches.length === 0) return { path, problem: escapeText(issue.message, 200) };
      const deepest = branches.reduce((a, b) => ((b[0]?.path.length ?? 0) > (a[0]?.path.length ?? 0) ? b : a));
      return describeIssue(deepest[0] as z.core.$ZodIssue, path);
    }
    case 'too_small':
    case 'too_big':
      return {
        path,
        problem: `${escapeText(issue.message, 200)}${typeof issue.input === 'number' ? ` (got ${issue.input})` : ''}`,
      };
    default:
      // custom refinements word their own message; formats (regexes) never echo the value, which may be a secret
      return { path, problem: escapeText(issue.message, 200) };
  }
}
