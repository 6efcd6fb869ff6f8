import type { Messages } from '../../i18n/messages.ts';
import { UPLOADED_LOGO_PATH } from '../commands/upload-logo.ts';
import { LOGO_MAX_BYTES, LOGO_MAX_PIXELS } from '../logos/logo-image.ts';
import { FileField, sizeText } from './file-field.tsx';

/** The field name of the logo file (the upload route reads this one file field). */
export const LOGO_FIELD = 'logo';

/**
 * The logo of an integration's discovery entry or of a service (docs/portal.md "Logos"): the current one as
 * served from /logos/…, and a plain upload form (multipart, works without JavaScript) whose refusal is
 * shown next to the field. The hidden revision makes a change based on an older page a conflict (409).
 */
export function LogoUploadForm(props: {
  t: Messages;
  action: string;
  csrf: string;
  revision: number;
  current: string | null | undefined;
  /** Why the last upload was refused, in the page's language. */
  error?: string | undefined;
}) {
  const { t } = props;
  const hint = t['portal.logo.hint']
    .replace('{size}', sizeText(LOGO_MAX_BYTES))
    .replace('{pixels}', `${LOGO_MAX_PIXELS}×${LOGO_MAX_PIXELS}`);
  return (
    <section aria-labelledby="logo-heading">
      <h2 id="logo-heading">{t['portal.logo.title']}</h2>
      {props.current ? (
        <p>
          <img
            class="logo-preview"
            src={`${UPLOADED_LOGO_PATH}/${props.current}`}
            alt={t['portal.logo.currentAlt']}
            width={96}
          />
        </p>
      ) : (
        <p>{t['portal.logo.none']}</p>
      )}
      <form method="post" action={props.action} enctype="multipart/form-data" class="stack">
        <input type="hidden" name="csrf" value={props.csrf} />
        <input type="hidden" name="revision" value={String(props.revision)} />
        <FileField
          id="logo-file"
          name={LOGO_FIELD}
          label={t['portal.logo.file']}
          hint={hint}
          accept="image/png,image/jpeg,image/webp"
          error={props.error}
        />
        <button type="submit">{t['portal.logo.upload']}</button>
      </form>
    </section>
  );
}
