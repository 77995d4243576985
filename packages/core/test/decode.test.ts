import { DecodeError, decodeValue, parseDuration, SecretNotFoundError, ValidationError, walkKeypath } from '@coffer/core';

describe('decoding', () => {
  it.each([
    ['12345', '12345'],
    ['true', 'true'],
    ['null', 'null'],
    ['"quoted"', '"quoted"'],
    ['  {"a":1}', { a: 1 }],
    ['[1,"2"]', [1, '2']],
    ['{not json', '{not json'],
  ])('auto-decodes %j as %j', (text, expected) => {
    expect(decodeValue({ value: text }, 'auto')).toEqual(expected);
  });

  it('reads a list as string[] under auto and as text under raw', () => {
    expect(decodeValue({ value: 'a,b', list: true }, 'auto')).toEqual(['a', 'b']);
    expect(decodeValue({ value: 'a,b', list: true }, 'raw')).toBe('a,b');
  });

  it('never decodes bytes', () => {
    const bytes = new Uint8Array([123, 125]);
    expect(decodeValue({ value: bytes }, 'json')).toBe(bytes);
  });

  it('throws DecodeError without quoting the value', () => {
    const error = (() => {
      try {
        decodeValue({ value: 'hunter2' }, 'json', { provider: 'p', path: '/x' });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(DecodeError);
    expect(error?.message).not.toContain('hunter2');
    expect(error?.message).toContain('/x');
  });
});

describe('keypaths', () => {
  it('does not fall back to the root on a falsy value', () => {
    expect(walkKeypath({ a: 0 }, ['a'])).toBe(0);
    expect(walkKeypath({ a: null }, ['a'])).toBeNull();
    expect(() => walkKeypath({ a: null }, ['a', 'b'])).toThrow(DecodeError);
  });

  it('does not treat a string index as an array index or walk into a string', () => {
    expect(() => walkKeypath(['x'], ['0'])).toThrow(SecretNotFoundError);
    expect(() => walkKeypath({ s: 'abc' }, ['s', 0])).toThrow(DecodeError);
  });

  it('does not find inherited properties', () => {
    expect(() => walkKeypath({}, ['constructor'])).toThrow(SecretNotFoundError);
    expect(() => walkKeypath({}, ['__proto__'])).toThrow(SecretNotFoundError);
  });
});

describe('durations', () => {
  it.each([
    [250, 250],
    ['250', 250],
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['1d', 86_400_000],
  ])('reads %j as %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([[-1], ['soon'], ['5 minutes'], [Number.NaN], [null]])('rejects %j', (input) => {
    expect(() => parseDuration(input as never)).toThrow(ValidationError);
  });
});
