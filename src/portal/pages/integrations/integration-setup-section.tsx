import type { Messages } from '../../../i18n/messages.ts';
import type { IntegrationSetup } from '../../commands/integrations/integration-setup.ts';

/** Where the portal serves docs/integrations/*.md (src/portal/http/readiness-pages.tsx). */
const GUIDES = '/portal/docs/integrations';

/**
 * Step 1: what school IT enters on their side, generated for this integration (the connector module's
 * `configure` values and the attribute names of the mapping), each value in a read-only field to copy.
 */
export function IntegrationSetupSection(props: { t: Messages; setup: IntegrationSetup; typeName: string }) {
  const { t, setup } = props;
  const file = setup.docPath.slice(setup.docPath.lastIndexOf('/') + 1);
  return (
    <section aria-labelledby="step1-heading">
      <h2 id="step1-heading">{t['portal.integration.step1']}</h2>
      <p>{t['portal.integration.step1Intro']}</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t['portal.integration.setupValue']}</th>
              <th scope="col">{t['portal.integration.setupCopy']}</th>
            </tr>
          </thead>
          <tbody>
            {setup.values.map((v) => (
              <tr key={v.label}>
                <th scope="row">{v.label}</th>
                <td>
                  <code class="copy">{v.value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t['portal.integration.attributes']}</h3>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t['portal.integration.attributeInternal']}</th>
              <th scope="col">{t['portal.integration.attributeName']}</th>
            </tr>
          </thead>
          <tbody>
            {setup.attributes.map((a) => (
              <tr key={a.internalName}>
                <th scope="row">{t[`portal.readiness.use.${a.internalName}`]}</th>
                <td>
                  <code>{a.name}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={`${GUIDES}/${file}`}>{t['portal.integration.guide'].replace('{detail}', props.typeName)}</a>
      </p>
    </section>
  );
}
