import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.ts';
import {
  expiryNoticesEnabled,
  weeklySummaryEnabled,
  weeklySummarySchedule,
} from './schedule-weekly-summary.ts';

const config = (env: Record<string, string>) =>
  loadConfig({ env: { PASSI_DATA_DIR: '/tmp/passi-summary-config', ...env }, overrides: {} });
const production = {
  PASSI_MODE: 'production',
  PASSI_PUBLIC_URL: 'https://passi.example.fi',
  PASSI_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
};

describe('weekly summary configuration', () => {
  it('is on by default only in production with SMTP; on and off say so everywhere', () => {
    expect(weeklySummaryEnabled(config({}))).toBe(false);
    expect(weeklySummaryEnabled(config({ PASSI_SMTP_URL: 'smtp://mail.example.fi:587' }))).toBe(false);
    expect(weeklySummaryEnabled(config(production))).toBe(false);
    expect(
      weeklySummaryEnabled(config({ ...production, PASSI_SMTP_URL: 'smtp://mail.example.fi:587' })),
    ).toBe(true);
    expect(weeklySummaryEnabled(config({ PASSI_WEEKLY_SUMMARY: 'on' }))).toBe(true);
    expect(
      weeklySummaryEnabled(
        config({ ...production, PASSI_SMTP_URL: 'smtp://mail.example.fi:587', PASSI_WEEKLY_SUMMARY: 'off' }),
      ),
    ).toBe(false);
  });

  it('expiry notices follow their own setting, not the summary’s: off for the summary keeps them on', () => {
    const mail = { ...production, PASSI_SMTP_URL: 'smtp://mail.example.fi:587' };
    expect(expiryNoticesEnabled(config({}))).toBe(false);
    expect(expiryNoticesEnabled(config(mail))).toBe(true);
    expect(expiryNoticesEnabled(config({ ...mail, PASSI_WEEKLY_SUMMARY: 'off' }))).toBe(true);
    expect(weeklySummaryEnabled(config({ ...mail, PASSI_EXPIRY_NOTICES: 'off' }))).toBe(true);
    expect(expiryNoticesEnabled(config({ ...mail, PASSI_EXPIRY_NOTICES: 'off' }))).toBe(false);
    expect(expiryNoticesEnabled(config({ PASSI_EXPIRY_NOTICES: 'on' }))).toBe(true);
  });

  it('sends on Monday at 06:00 Finnish time unless told otherwise, and refuses a day that does not exist', () => {
    expect(weeklySummarySchedule(config({}))).toEqual({ day: 1, hour: 6, timeZone: 'Europe/Helsinki' });
    expect(
      weeklySummarySchedule(config({ PASSI_WEEKLY_SUMMARY_DAY: '5', PASSI_WEEKLY_SUMMARY_HOUR: '14' })),
    ).toEqual({ day: 5, hour: 14, timeZone: 'Europe/Helsinki' });
    expect(() => config({ PASSI_WEEKLY_SUMMARY_DAY: '8' })).toThrow(/PASSI_WEEKLY_SUMMARY_DAY/);
  });
});
