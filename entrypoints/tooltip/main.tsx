// The tooltip frame (an extension page inside the page's closed shadow root). It asks the
// background for the note of the mention that opened it; flags are applied there, not in the page.
import '../../components/theme.css';
import '../../components/tooltip/tooltip.css';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { TooltipPanel } from '../../components/tooltip/TooltipPanel';
import { ask, type BackgroundRequest, isErrorResponse, type TooltipView } from '../../lib/messaging/protocol';

const send = (message: BackgroundRequest) => browser.runtime.sendMessage(message);

function close() {
  send({ type: 'tooltip-close', returnFocus: true }).catch(() => undefined);
}

/**
 * Opens the toolbar popup for this tab (everything SuppLens found on the page). Where the browser
 * refuses, the background is asked instead ('open-popup-details').
 */
async function openDetails() {
  const action = (browser.action ?? browser.browserAction) as { openPopup?: () => Promise<void> } | undefined;
  try {
    if (!action?.openPopup) throw new Error('no openPopup');
    await action.openPopup();
  } catch {
    await send({ type: 'open-popup-details' }).catch(() => undefined);
  }
}

/** The token the content script put in this frame's URL (#...), asked for with every read. */
const token = location.hash.slice(1);

function App() {
  const [view, setView] = useState<TooltipView>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    ask(send, { type: 'tooltip-get', token })
      .then((res) => {
        if (isErrorResponse(res)) setError(res.error);
        else {
          document.title = `SuppLens: ${res.concept.name}`;
          setView(res);
        }
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  return <TooltipPanel view={view} error={error} onClose={close} onOpenDetails={() => void openDetails()} />;
}

window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    e.preventDefault();
    close();
  }
});

// Focus moved into the frame from the page (Enter on a mention): land on the dialog itself so a
// screen reader announces it; Tab from the page lands on the first control instead.
window.addEventListener('focus', () => {
  if (document.activeElement === document.body || document.activeElement === null)
    document.getElementById('sl-tt-dialog')?.focus();
});

render(<App />, document.getElementById('app')!);
