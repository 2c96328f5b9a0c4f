import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkJson, JsonInputError, jsonPath, parseJsonText, readJson } from './jsonInput.js';
import { jsonSyntaxError } from './jsonSyntax.js';
import { ChainInputError } from './types.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

function failure(fn: () => unknown): JsonInputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(JsonInputError);
    expect(e).toBeInstanceOf(ChainInputError);
    return e as JsonInputError;
  }
  throw new Error('expected a JsonInputError');
}

describe('parseJsonText', () => {
  it('skips a UTF-8 byte-order mark', () => {
    expect(parseJsonText('\ufeff{"a":1}', { root: 'x' })).toEqual({ a: 1 });
  });

  it('names the file, line and column of a syntax error, quoting the character escaped', () => {
    const err = failure(() => parseJsonText('{"a": 1,\n "b": \u001b[31m}', { file: 'book.json', root: 'positions' }));
    expect(err.message).toBe('book.json: positions is not JSON: unexpected "\\u001b" at line 2, column 7');
    expect([err.where, err.field]).toEqual(['book.json', 'json']);
    expect(err.message).not.toMatch(CONTROL);
  });

  it('locates the classes of syntax error JSON.parse refuses', () => {
    const cases: [string, number, RegExp][] = [
      ['', 0, /end of the text/],
      ['{"a":1', 6, /end of the text/],
      ['{"a":1,}', 7, /unexpected "}"/],
      ["{'a':1}", 1, /unexpected "'"/],
      ['[1 2]', 3, /unexpected "2"/],
      ['{"a":"x\ny"}', 7, /control character "\\n" inside a string/],
      ['"\\x"', 2, /unexpected "x"/],
      ['"\\u12g4"', 5, /unexpected "g"/],
      ['01', 1, /unexpected "1"/],
      ['-', 1, /end of the text/],
      ['1.e5', 2, /unexpected "e"/],
      ['tru', 3, /end of the text/],
      ['NaN', 0, /unexpected "N"/],
      ['{"a":1} x', 8, /unexpected "x"/],
      ['[1]\u2028', 3, /unexpected "\\u2028"/],
    ];
    for (const [text, at, problem] of cases) {
      expect(() => JSON.parse(text), text).toThrow(SyntaxError);
      const stop = jsonSyntaxError(text);
      expect(stop?.at, text).toBe(at);
      expect(stop?.problem, text).toMatch(problem);
    }
    for (const valid of ['{"a":[1,-0.5e-3,true,false,null,"\\u00e9\\n"]}', ' [ ] ', '"x"']) {
      expect(jsonSyntaxError(valid)).toBeUndefined();
    }
  });
});

describe('checkJson: zod issues as one line naming the path', () => {
  const schema = z.strictObject({
    typeWords: z.object({ call: z.array(z.string()) }),
    ivUnit: z.enum(['percent', 'decimal']),
    size: z.number().positive().optional(),
  });
  const name = { file: 'map.json', root: 'mapping' };

  it('names the path and the two types of a wrong type', () => {
    const err = failure(() => checkJson({ typeWords: { call: [1] }, ivUnit: 'percent' }, schema, name));
    expect(err.message).toBe('map.json: mapping.typeWords.call[0]: expected string, got number');
    expect(err.field).toBe('mapping.typeWords.call[0]');
  });

  it('says a key is missing, a word is not allowed, a key is unknown, counting further issues', () => {
    expect(failure(() => checkJson({ typeWords: { call: [] } }, schema, name)).message).toBe(
      'map.json: mapping.ivUnit: is missing (expected one of "percent", "decimal")',
    );
    expect(failure(() => checkJson({ typeWords: { call: [] }, ivUnit: 'bp\u001b' }, schema, name)).message).toBe(
      'map.json: mapping.ivUnit: "bp\\u001b" is not one of "percent", "decimal"',
    );
    expect(
      failure(() => checkJson({ typeWords: { call: [] }, ivUnit: 'decimal', 'i\nvunit': 1 }, schema, name)).message,
    ).toBe('map.json: mapping: unknown key "i\\nvunit"');
    expect(
      failure(() => checkJson({ typeWords: { call: [] }, ivUnit: 'decimal', size: -1 }, schema, name)).message,
    ).toBe('map.json: mapping.size: Too small: expected number to be >0 (got -1)');
    expect(failure(() => checkJson({ typeWords: 3, ivUnit: 1 }, schema, name)).message).toMatch(/\(and 1 more\)$/);
  });

  it('quotes keys that are not identifiers, escaped', () => {
    expect(jsonPath('positions', ['BTC-20NOV25-82000-C', 0, 'a\u001bb'])).toBe(
      'positions["BTC-20NOV25-82000-C"][0]["a\\u001bb"]',
    );
  });

  it('reports the branch of a union that got furthest', () => {
    const answer = z.union([z.array(z.unknown()), z.looseObject({ result: z.array(z.unknown()) })]);
    expect(failure(() => readJson('{"result": "x"}', answer, { root: 'get_instruments' })).message).toBe(
      'get_instruments.result: expected array, got string',
    );
  });
});
