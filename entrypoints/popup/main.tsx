// The toolbar popup. `popup.html?tab=<tabId>` describes that tab instead of the active tab of the
// current window: end-to-end tests open the popup as an ordinary tab this way (an extension popup
// cannot be opened by automation), and the same URL can show the summary in a full tab.
import '../../components/theme.css';
import '../../components/popup/popup.css';
import { render } from 'preact';
import { Popup } from '../../components/popup/Popup';
import { browserPopupApi } from '../../components/popup/popup-api';

const param = new URLSearchParams(location.search).get('tab');
const tabId = param !== null && /^\d{1,10}$/.test(param) ? Number(param) : undefined;

render(
  <Popup api={browserPopupApi} tabId={tabId} asTab={tabId !== undefined} />,
  document.getElementById('app')!,
);
