import type { Messages } from '../../i18n/messages.ts';
import { MAX_SP_METADATA_BYTES } from '../../protocols/saml/read-sp-metadata.ts';
import { FileField, METADATA_FILE_ACCEPT, sizeText } from './file-field.tsx';

/**
 * The SAML service's metadata as a file, beside the address and the pasted XML (docs/portal.md "Services"):
 * its text is checked as pasted XML. The form around it is `multipart/form-data`.
 */
export function ServiceMetadataFileField(props: { t: Messages }) {
  const { t } = props;
  return (
    <FileField
      id="metadataFile"
      name="metadataFile"
      label={t['portal.upload.metadataFile']}
      hint={t['portal.upload.metadataHint'].replace('{size}', sizeText(MAX_SP_METADATA_BYTES))}
      accept={METADATA_FILE_ACCEPT}
    />
  );
}
