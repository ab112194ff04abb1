/**
 * Certificates for the real TLS tests, made with the openssl CLI: a CA and server certificates whose
 * SANs are the names a synthesized cert-manager Certificate asks for, laid out like the Secret volume.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const opensslAvailable = spawnSync('openssl', ['version']).status === 0;

export function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
}

/** A CA and a server certificate for `dnsNames`, as cert-manager lays out the Secret. */
export function makeCertificates(dir: string, dnsNames: string[], caName = 'cdk8s-db test CA'): void {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt',
    '-days', '2', '-subj', `/CN=${caName}`], dir);
  makeServerCertificate(dir, dnsNames);
}

/** A new key and server certificate signed by the CA in `dir` (a renewal: new key, new serial). */
export function makeServerCertificate(dir: string, dnsNames: string[]): void {
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'tls.key', '-out', 'tls.csr',
    '-subj', '/O=cdk8s-db'], dir);
  fs.writeFileSync(path.join(dir, 'ext.cnf'), [
    `subjectAltName=${dnsNames.map(n => `DNS:${n}`).join(',')}`,
    'extendedKeyUsage=serverAuth,clientAuth',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'basicConstraints=CA:FALSE',
    '',
  ].join('\n'));
  openssl(['x509', '-req', '-in', 'tls.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1',
    '-out', 'tls.crt', '-extfile', 'ext.cnf'], dir);
}

/** The Secret volume as the pod sees it: root-owned, group = fsGroup (`gid`), defaultMode 0440; files swapped atomically. */
export function layOutSecret(from: string, to: string, gid: number): void {
  fs.mkdirSync(to, { mode: 0o755, recursive: true });
  for (const f of ['tls.crt', 'tls.key', 'ca.crt']) {
    const tmp = path.join(to, `.${f}.tmp`);
    fs.copyFileSync(path.join(from, f), tmp);
    fs.chownSync(tmp, 0, gid);
    fs.chmodSync(tmp, 0o440);
    fs.renameSync(tmp, path.join(to, f));
  }
}

