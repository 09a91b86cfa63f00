import { render } from 'preact';
import '../../components/theme.css';
import '../../components/review/review.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
