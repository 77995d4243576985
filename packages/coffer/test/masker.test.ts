import { Readable } from 'node:stream';
import { addMaskCommands } from '../src/cli/masking/github-actions';
import { maskTexts } from '../src/cli/masking/mask-texts';
import { MASK, Masker } from '../src/cli/masking/masker';

/** Passes chunks through a masker and returns what comes out. */
async function through(texts: readonly string[], chunks: readonly (string | Buffer)[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const masker = Readable.from(chunks.map((chunk) => Buffer.from(chunk))).pipe(new Masker(texts));
  for await (const chunk of masker) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

describe('Masker', () => {
  it('masks a value split at every position, and across three writes', async () => {
    const value = 'pässwörd-1234';
    const line = Buffer.from(`before ${value} after\n`);
    for (let cut = 0; cut <= line.length; cut++) {
      for (const second of [cut, Math.min(line.length, cut + 3)]) {
        const chunks = [line.subarray(0, cut), line.subarray(cut, second), line.subarray(second)];
        expect((await through(maskTexts([value]), chunks)).toString()).toBe(`before ${MASK} after\n`);
      }
    }
  });

  it('masks JSON-escaped forms and each line of a value of several lines', async () => {
    const value = 'a"b\\c/é-line1\nsecond-line';
    const printed = [JSON.stringify({ value }), JSON.stringify(value).replace(/\//g, '\\/'), 'second-line', 'a"b\\c/é-line1'].join('\n');
    const out = (await through(maskTexts([value]), [printed])).toString();
    expect(out).toBe([`{"value":"${MASK}"}`, `"${MASK}"`, MASK, MASK].join('\n'));
  });

  it('masks the longest of overlapping values, and leaves values under 4 characters alone', async () => {
    const out = await through(maskTexts(['abcd', 'abcdefgh', 'on', '   ']), ['x abcdefgh y abcd z on    \n']);
    expect(out.toString()).toBe(`x ${MASK} y ${MASK} z on    \n`);
  });

  it('passes output without a value on as the same bytes, escape sequences and invalid UTF-8 included', async () => {
    const bytes = Buffer.concat([Buffer.from('\x1b[31mred\x1b[0m s3cr3'), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from('t done\n')]);
    expect((await through(maskTexts(['s3cr3t-value']), [bytes])).equals(bytes)).toBe(true);
    expect((await through([], [bytes])).equals(bytes)).toBe(true);
  });

  it('gives back a held prefix at the end when the value never completes', async () => {
    expect((await through(maskTexts(['s3cr3t-value']), ['prompt: s3cr3t-'])).toString()).toBe('prompt: s3cr3t-');
  });
});

describe('addMaskCommands', () => {
  it('prints one ::add-mask:: per line of each value under GitHub Actions only', () => {
    const values = ['s3cr3t-one', 'line-one\nline-two', 'on'];
    expect(addMaskCommands(values, { GITHUB_ACTIONS: 'true' })).toBe(
      '::add-mask::s3cr3t-one\n::add-mask::line-one\n::add-mask::line-two\n',
    );
    expect(addMaskCommands(values, {})).toBe('');
  });
});
