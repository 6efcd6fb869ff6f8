import type { LoginOutcome } from '../../../ops/statistics/login-outcome.ts';

/** How one outcome is drawn: a fill colour and a pattern of white marks over it. */
export interface OutcomeStyle {
  colour: string;
  pattern: 'solid' | 'diagonal' | 'cross' | 'dots' | 'horizontal' | 'vertical';
}

/**
 * The outcomes in the order the charts stack them and the tables list them. Every colour has a contrast of
 * at least 4.5:1 against white (WCAG 2.1 SC 1.4.11 asks 3:1 of graphics), and every outcome also has its
 * own pattern and a text label, so no meaning rests on colour alone (SC 1.4.1). The compiler refuses an
 * outcome without a style.
 */
export const OUTCOME_STYLES: Record<LoginOutcome, OutcomeStyle> = {
  completed: { colour: '#1a7f37', pattern: 'solid' },
  'completed:problems': { colour: '#8a5a00', pattern: 'diagonal' },
  'failed:blocked': { colour: '#b42318', pattern: 'cross' },
  'failed:cancelled': { colour: '#57606a', pattern: 'dots' },
  'failed:school': { colour: '#6639ba', pattern: 'horizontal' },
  'failed:other': { colour: '#0b5cad', pattern: 'vertical' },
};

export const OUTCOMES = Object.keys(OUTCOME_STYLES).filter(isOutcome);

export function isOutcome(value: string): value is LoginOutcome {
  return Object.hasOwn(OUTCOME_STYLES, value);
}

/** An outcome the statistics hold but this table does not know (a newer node wrote it): plain grey. */
export const UNKNOWN_OUTCOME_STYLE: OutcomeStyle = { colour: '#4b5563', pattern: 'solid' };

export function outcomeStyle(outcome: string): OutcomeStyle {
  return isOutcome(outcome) ? OUTCOME_STYLES[outcome] : UNKNOWN_OUTCOME_STYLE;
}
