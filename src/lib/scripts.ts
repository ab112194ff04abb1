import * as fs from 'fs';
import * as path from 'path';

const cache = new Map<string, string>();

/**
 * Reads a shell script shipped next to the module that owns it (copied to lib/ at build
 * time). Cached: a thousand databases read each file once.
 */
export function readScript(dir: string, file: string): string {
  const full = path.join(dir, file);
  let text = cache.get(full);
  if (text === undefined) {
    text = fs.readFileSync(full, 'utf8');
    cache.set(full, text);
  }
  return text;
}

/** Reads every `*.sh` in a folder, sorted by name. */
export function readScripts(dir: string): { [file: string]: string } {
  const key = `${dir}/*`;
  let list = cache.get(key);
  if (list === undefined) {
    list = fs.readdirSync(dir).filter(f => f.endsWith('.sh')).sort().join('\n');
    cache.set(key, list);
  }
  const out: { [file: string]: string } = {};
  for (const f of list.split('\n').filter(Boolean)) out[f] = readScript(dir, f);
  return out;
}
