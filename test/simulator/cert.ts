import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * A throw-away self-signed certificate for every host name the browsers are pointed at.
 * Browsers accept it through --ignore-certificate-errors / acceptInsecureCerts; Node clients
 * pass `certPem` as their `ca`. Made with the openssl CLI because Node cannot issue X.509.
 */

export interface SimCertificate {
  certPem: string;
  keyPem: string;
}

export const CERT_HOSTS = [
  'localhost',
  '*.sharepoint.com',
  'api.onedrive.com',
  'graph.microsoft.com',
  'login.microsoftonline.com',
] as const;

const run = promisify(execFile);

/** One certificate per process is plenty; RSA key generation is the slow part. */
let cached: Promise<SimCertificate> | null = null;

export function simCertificate(): Promise<SimCertificate> {
  cached ??= generate().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

async function generate(): Promise<SimCertificate> {
  const dir = await mkdtemp(path.join(tmpdir(), 'copy-sim-cert-'));
  try {
    const keyPath = path.join(dir, 'key.pem');
    const certPath = path.join(dir, 'cert.pem');
    const san = [...CERT_HOSTS.map((h) => `DNS:${h}`), 'IP:127.0.0.1'].join(',');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      `subjectAltName=${san}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
    return { certPem: await readFile(certPath, 'utf8'), keyPem: await readFile(keyPath, 'utf8') };
  } finally {
    // The key only needs to live in memory.
    await rm(dir, { recursive: true, force: true });
  }
}
