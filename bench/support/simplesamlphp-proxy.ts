/**
 * SimpleSAMLphp 1.19 as a SAML proxy, from Debian's packages, behind nginx and php-fpm with opcache on (as
 * Debian ships PHP 8.2): the broker the proxied-login goal was first measured against (docs/performance.md
 * "Passi beside SimpleSAMLphp"). Its IdP faces the benchmark's service, its `saml:SP` authentication
 * source faces the benchmark's school, and it passes the school's attributes through unchanged: less work
 * than Passi does (no data model, no registry), so its cost is a floor for such a proxy.
 *
 * Configured as Passi is for the same login: it signs its AuthnRequest to the school (HTTP-Redirect,
 * RSA-SHA256) and the assertion toward the service, not the Response; keys of the size asked for.
 * Everything lives in a temporary folder: its configuration (SIMPLESAMLPHP_CONFIG_DIR), metadata, keys,
 * PHP sessions and logs. `cpuMs()` is the CPU of every process and thread of php-fpm and nginx, from the
 * kernel's per-thread scheduler statistics, as bench/support/thread-times.ts reads Passi's.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SSP_WWW = '/usr/share/simplesamlphp/www';
/** Debian names php-fpm by its PHP version (bookworm: php-fpm8.2); the newest installed. */
const PHP_VERSION = existsSync('/usr/sbin')
  ? readdirSync('/usr/sbin')
      .map((n) => /^php-fpm(\d+\.\d+)$/.exec(n)?.[1])
      .filter((v): v is string => v !== undefined)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
      .pop()
  : undefined;
const PHP_FPM = `/usr/sbin/php-fpm${PHP_VERSION ?? ''}`;
const PHP_DOM = `/etc/php/${PHP_VERSION ?? '-'}/mods-available/dom.ini`;
const NGINX = '/usr/sbin/nginx';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
/** Requests php-fpm serves at once: the load client's concurrency, with room. */
const PHP_WORKERS = 8;

/** Why the comparison cannot run on this machine, or undefined when it can. */
export function simpleSamlPhpMissing(): string | undefined {
  // Debian's simplesamlphp only recommends php-xml, without which it cannot read a SAML message.
  const missing = [SSP_WWW, PHP_FPM, PHP_DOM, NGINX, '/usr/bin/openssl'].filter((p) => !existsSync(p));
  if (missing.length === 0) return undefined;
  return `not installed here (${missing.join(', ')}): apt-get install simplesamlphp php-fpm php-xml nginx-light`;
}

export interface SchoolForProxy {
  entityId: string;
  ssoUrl: string;
  /** The school's signing certificate, base64 DER as in its metadata. */
  certificate: string;
}

export interface SimpleSamlPhpProxy {
  /** Prefix of its endpoints, e.g. http://127.0.0.1:port/simplesaml. */
  baseUrl: string;
  /** Its IdP's single sign-on endpoint (HTTP-Redirect). */
  ssoUrl: string;
  /** The metadata of its `saml:SP` source, for the school. */
  spMetadataUrl: string;
  /** CPU ms of all of php-fpm's and nginx's processes and threads so far. */
  cpuMs(): number;
  /** The same, nginx's processes alone (the web server in front of PHP). */
  nginxCpuMs(): number;
  close(): Promise<void>;
}

/** A PHP string literal. */
const php = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A key and self-signed certificate of `bits`, as SimpleSAMLphp reads them from its certdir. */
function keyPair(dir: string, name: string, bits: number): void {
  execFileSync(
    '/usr/bin/openssl',
    [
      'req',
      '-x509',
      '-newkey',
      `rsa:${bits}`,
      '-nodes',
      '-sha256',
      '-days',
      '7',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      join(dir, `${name}.crt`),
    ],
    { stdio: 'ignore' },
  );
}

function configFiles(
  dir: string,
  port: number,
  school: SchoolForProxy,
  service: { entityId: string; acs: string },
): void {
  const base = `http://127.0.0.1:${port}/simplesaml/`;
  writeFileSync(
    join(dir, 'config', 'config.php'),
    `<?php
require '/etc/simplesamlphp/config.php';
$config['baseurlpath'] = ${php(base)};
$config['certdir'] = ${php(`${join(dir, 'cert')}/`)};
$config['loggingdir'] = ${php(`${join(dir, 'log')}/`)};
$config['datadir'] = ${php(`${join(dir, 'data')}/`)};
$config['tempdir'] = ${php(join(dir, 'tmp'))};
$config['logging.handler'] = 'file';
$config['logging.level'] = SimpleSAML\\Logger::NOTICE;
$config['secretsalt'] = ${php(randomBytes(24).toString('hex'))};
$config['auth.adminpassword'] = ${php(randomBytes(24).toString('hex'))};
$config['enable.saml20-idp'] = true;
$config['store.type'] = 'phpsession';
$config['session.phpsession.savepath'] = ${php(join(dir, 'sessions'))};
$config['session.cookie.secure'] = false;
$config['session.cookie.samesite'] = null;
$config['metadata.sources'] = [['type' => 'flatfile', 'directory' => ${php(join(dir, 'metadata'))}]];
$config['technicalcontact_email'] = 'bench@example.org';
`,
  );
  writeFileSync(
    join(dir, 'config', 'authsources.php'),
    `<?php
$config = [
  'school' => [
    'saml:SP',
    'entityID' => ${php(`${base}module.php/saml/sp/metadata.php/school`)},
    'idp' => ${php(school.entityId)},
    'privatekey' => 'sp.key',
    'certificate' => 'sp.crt',
    'sign.authnrequest' => true,
    'signature.algorithm' => ${php(RSA_SHA256)},
  ],
];
`,
  );
  writeFileSync(
    join(dir, 'metadata', 'saml20-idp-hosted.php'),
    `<?php
$metadata['__DYNAMIC:1__'] = [
  'host' => '__DEFAULT__',
  'privatekey' => 'idp.key',
  'certificate' => 'idp.crt',
  'auth' => 'school',
  'signature.algorithm' => ${php(RSA_SHA256)},
  'saml20.sign.assertion' => true,
  'saml20.sign.response' => false,
];
`,
  );
  writeFileSync(
    join(dir, 'metadata', 'saml20-idp-remote.php'),
    `<?php
$metadata[${php(school.entityId)}] = [
  'SingleSignOnService' => [['Binding' => ${php(REDIRECT)}, 'Location' => ${php(school.ssoUrl)}]],
  'certData' => ${php(school.certificate)},
];
`,
  );
  writeFileSync(
    join(dir, 'metadata', 'saml20-sp-remote.php'),
    `<?php
$metadata[${php(service.entityId)}] = [
  'AssertionConsumerService' => [['Binding' => ${php(POST)}, 'Location' => ${php(service.acs)}]],
];
`,
  );
  writeFileSync(
    join(dir, 'php-fpm.conf'),
    `[global]
pid = ${join(dir, 'php-fpm.pid')}
error_log = ${join(dir, 'log', 'php-fpm.log')}
daemonize = no
[bench]
listen = ${join(dir, 'php.sock')}
listen.mode = 0600
pm = static
pm.max_children = ${PHP_WORKERS}
clear_env = no
`,
  );
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${user}worker_processes auto;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'log', 'nginx-error.log')} warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'tmp', 'body')};
  fastcgi_temp_path ${join(dir, 'tmp', 'fastcgi')};
  proxy_temp_path ${join(dir, 'tmp', 'proxy')};
  uwsgi_temp_path ${join(dir, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'tmp', 'scgi')};
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    location ^~ /simplesaml {
      alias ${SSP_WWW};
      location ~ ^(?<prefix>/simplesaml)(?<phpfile>.+?\\.php)(?<pathinfo>/.*)?$ {
        include /etc/nginx/fastcgi_params;
        fastcgi_pass unix:${join(dir, 'php.sock')};
        fastcgi_param SCRIPT_FILENAME $document_root$phpfile;
        fastcgi_param SCRIPT_NAME /simplesaml$phpfile;
        fastcgi_param PATH_INFO $pathinfo if_not_empty;
        fastcgi_param SIMPLESAMLPHP_CONFIG_DIR ${join(dir, 'config')};
      }
    }
  }
}
`,
  );
}

/** Every process whose parent is `pid`, and `pid` itself. */
function processTree(pid: number): number[] {
  const out = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function treeCpuNs(pid: number): number {
  let ns = 0;
  for (const p of processTree(pid)) {
    try {
      for (const tid of readdirSync(`/proc/${p}/task`))
        ns += Number(readFileSync(`/proc/${p}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // gone meanwhile
    }
  }
  return ns;
}

async function waitUntilServing(url: string, children: ChildProcess[]): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`${dead.spawnfile} exited (${dead.exitCode})`);
    try {
      const res = await fetch(url);
      // SimpleSAMLphp answers its own errors as pages too: the metadata itself says it works.
      if (res.ok && (await res.text()).includes('EntityDescriptor')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`SimpleSAMLphp did not answer at ${url}`);
}

export async function startSimpleSamlPhpProxy(options: {
  school: SchoolForProxy;
  service: { entityId: string; acs: string };
  keyBits: number;
}): Promise<SimpleSamlPhpProxy> {
  // nginx's and php-fpm's workers run as this user (as root: `user root`, php-fpm -R), so the folder and
  // what is in it stay this user's alone.
  const dir = mkdtempSync(join(tmpdir(), 'passi-bench-ssp-'));
  for (const sub of ['config', 'metadata', 'cert', 'log', 'data', 'tmp', 'sessions'])
    mkdirSync(join(dir, sub));
  keyPair(join(dir, 'cert'), 'idp', options.keyBits);
  keyPair(join(dir, 'cert'), 'sp', options.keyBits);
  const port = await freePort();
  configFiles(dir, port, options.school, options.service);
  const fpmArgs = ['-F', '-y', join(dir, 'php-fpm.conf')];
  if (process.getuid?.() === 0) fpmArgs.push('-R');
  const fpm = spawn(PHP_FPM, fpmArgs, { stdio: ['ignore', 'ignore', 'inherit'] });
  const nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    for (const child of [nginx, fpm]) {
      if (child.exitCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}/simplesaml`;
  const spMetadataUrl = `${baseUrl}/module.php/saml/sp/metadata.php/school`;
  try {
    await waitUntilServing(spMetadataUrl, [fpm, nginx]);
  } catch (e) {
    const log = join(dir, 'log', 'simplesamlphp.log');
    if (existsSync(log)) console.error(readFileSync(log, 'utf8').slice(-2000));
    await stop();
    throw e;
  }
  const pids = [fpm.pid, nginx.pid].filter((p): p is number => p !== undefined);
  return {
    nginxCpuMs: () => (nginx.pid === undefined ? 0 : treeCpuNs(nginx.pid) / 1e6),
    baseUrl,
    ssoUrl: `${baseUrl}/saml2/idp/SSOService.php`,
    spMetadataUrl,
    cpuMs: () => pids.reduce((sum, p) => sum + treeCpuNs(p), 0) / 1e6,
    close: stop,
  };
}
