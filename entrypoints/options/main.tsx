// The options page (opens in a tab). Concepts for the flag search come from the bundled
// knowledge base, so the page works without asking the background.
import '../../components/theme.css';
import '../../components/options/options.css';
import { render } from 'preact';
import { browserSettingsApi } from '../../components/common/extension-api';
import { Options } from '../../components/options/Options';
import { kbBundle } from '../../lib/kb/bundle';

render(<Options api={browserSettingsApi} concepts={kbBundle.concepts} />, document.getElementById('app')!);
