/** The vendored upstream schemas are unmodified (schemas/SHA256SUMS) and nothing unlisted sits beside them. */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

const DIR = path.resolve(__dirname, '..', 'schemas');

test('every vendored file matches its checksum, and every file is listed', () => {
  const listed = fs.readFileSync(path.join(DIR, 'SHA256SUMS'), 'utf8').trim().split('\n').map(l => {
    const [sum, file] = l.split(/\s+/);
    return { sum, file };
  });
  for (const { sum, file } of listed) {
    expect([file, crypto.createHash('sha256').update(fs.readFileSync(path.join(DIR, file))).digest('hex')]).toEqual([file, sum]);
  }
  const present = (fs.readdirSync(DIR, { recursive: true }) as string[])
    .filter(f => fs.statSync(path.join(DIR, f)).isFile() && !['README.md', 'SHA256SUMS'].includes(f)).sort();
  expect(present).toEqual(listed.map(l => l.file).sort());
  expect(present.filter(f => f.startsWith('crds/'))).toHaveLength(8);
});
