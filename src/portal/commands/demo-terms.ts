import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../store/database.ts';
import { createTermsStore } from '../store/terms-store.ts';

/**
 * The terms of service the demo data seeds (never in production: the caller seeds them only with the demo
 * registry), so that someone trying Passi can go through "Join Passi" at once (docs/portal.md "Joining").
 */
const DEMO_TERMS = {
  fi: 'Demo-käyttöehdot. Tämä Passi-asennus on kokeilua varten: sen tiedot eivät ole oikeita, eikä hyväksyminen sido ketään.\n\nOikeassa käytössä operaattori julkaisee tähän organisaation ja Passin väliset käyttöehdot.',
  sv: 'Demovillkor. Den här Passi-installationen är till för att prova: uppgifterna är inte verkliga, och godkännandet binder ingen.\n\nI verklig användning publicerar operatören här användarvillkoren mellan organisationen och Passi.',
  en: 'Demo terms of service. This Passi installation is for trying things out: its data is not real, and accepting binds no one.\n\nIn real use the operator publishes here the terms between the organisation and Passi.',
};

/** Publishes the demo terms as version 1 when no version exists yet. */
export async function seedDemoTerms(db: Db, clock: Clock): Promise<void> {
  const terms = createTermsStore(db);
  if (!(await terms.current())) await terms.publish(DEMO_TERMS, 'system:demo-seed', clock.now());
}
