import { render } from 'preact';

render(<p>SuppLens popup</p>, document.getElementById('app')!);
