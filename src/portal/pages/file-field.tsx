/**
 * One file input of a portal form (the form is `multipart/form-data`): its label, a hint with the accepted
 * types and size, and the refusal next to the field, tied to it with aria-describedby (WCAG 2.1 SC 3.3.1).
 */
export function FileField(props: {
  id: string;
  name: string;
  label: string;
  hint: string;
  accept: string;
  error?: string | undefined;
}) {
  const hintId = `${props.id}-hint`;
  const errorId = `${props.id}-error`;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <p class="help" id={hintId}>
        {props.hint}
      </p>
      {props.error ? (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      ) : null}
      <input
        id={props.id}
        name={props.name}
        type="file"
        accept={props.accept}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${errorId} ${hintId}` : hintId}
      />
    </div>
  );
}

/** Content types a SAML metadata file may be announced as; the content is checked as XML whatever it says. */
export const METADATA_FILE_ACCEPT = '.xml,application/xml,text/xml,application/samlmetadata+xml';

/** Bytes as the hint shows them ("256 KiB", "2 MiB"). */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}
