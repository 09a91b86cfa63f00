import { render } from 'preact';

render(<p>SuppLens options</p>, document.getElementById('app')!);
