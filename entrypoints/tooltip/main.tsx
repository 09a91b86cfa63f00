import { render } from 'preact';

render(<p>SuppLens tooltip</p>, document.getElementById('app')!);
