import { render } from 'preact';

render(<p>SuppLens review</p>, document.getElementById('app')!);
