import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { SCRIPTS_DIR } from './harness';
import { describeWith, TOOLS } from '../requirements';

const scripts = fs.readdirSync(SCRIPTS_DIR).filter((f) => f.endsWith('.sh')).sort();

test('the in-cluster scripts are present', () => {
  expect(scripts).toEqual(expect.arrayContaining(['generate-secret.sh', 'kube-api.sh', 'label-pod.sh']));
});

describeWith([TOOLS.shellcheck, TOOLS.dash, TOOLS.busybox]).each(scripts)('%s', (script) => {
  const file = path.join(SCRIPTS_DIR, script);

  test('is clean under shellcheck -s sh', () => {
    // -x: follow `. kube-api.sh` (its `# shellcheck source=` is relative to this folder).
    const r = spawnSync('shellcheck', ['-s', 'sh', '-x', file], { encoding: 'utf8', cwd: SCRIPTS_DIR });
    expect(r.error).toBeUndefined();
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  test.each([['dash', '-n'], ['busybox', 'sh', '-n']])('parses under %s', (...argv) => {
    const [cmd, ...args] = argv;
    const r = spawnSync(cmd, [...args, file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  // kube-api.sh and retry.sh are libraries: sourcing them must not change the caller's shell options.
  if (script === 'kube-api.sh' || script === 'retry.sh') {
    test('is not a script and sets no shell options at top level', () => {
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toMatch(/^set /m);
      expect(text).not.toMatch(/^#!/);
    });
  } else {
    test('uses set -eu', () => {
      expect(fs.readFileSync(file, 'utf8')).toMatch(/^set -eu$/m);
    });
  }
});
