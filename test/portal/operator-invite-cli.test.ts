import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/portal/domain/secret-token.ts';
import { openStore } from '../../src/store/open-store.ts';
import { cliEnv, runPassi } from '../cli/run-passi.ts';

describe('passi operator invite EMAIL (no SMTP configured)', () => {
  it('prints a single-use link, writes the e-mail to the outbox and stores only the token’s hash', async () => {
    const env = cliEnv({ PASSI_PUBLIC_URL: 'https://passi.example.fi', PASSI_SMTP_URL: '' });
    const dataDir = env.PASSI_DATA_DIR ?? '';

    const usage = runPassi(env, 'operator', 'invite');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: passi operator invite EMAIL');
    const bad = runPassi(env, 'operator', 'invite', 'not-an-address');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not an e-mail address');

    const r = runPassi(env, 'operator', 'invite', 'First.Operator@Example.FI');
    expect(r.stderr).not.toContain('unexpected error');
    expect(r.code).toBe(0);
    const link = /https:\/\/passi\.example\.fi\/portal\/invitation\?token=([A-Za-z0-9_-]+)/.exec(r.stdout);
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';
    expect(r.stdout).toContain('first.operator@example.fi');

    const outbox = join(dataDir, 'outbox');
    const files = readdirSync(outbox);
    expect(files).toHaveLength(1);
    const mail = readFileSync(join(outbox, files[0] ?? ''), 'utf8');
    expect(mail).toContain('To: first.operator@example.fi');
    expect(mail).toContain(link?.[0]);
    expect(r.stderr).toContain(`link: ${link?.[0]}`);

    const store = await openStore({ dataDir });
    try {
      const rows = await store.db.selectFrom('portal_invitation').selectAll().execute();
      expect(rows.map((x) => [x.token_hash, x.role, x.organisation_id])).toEqual([
        [hashToken(token), 'operator', 'passi'],
      ]);
    } finally {
      await store.close();
    }
  }, 240_000);
});
