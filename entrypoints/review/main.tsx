import { render } from 'preact';
import '../../components/theme.css';
import '../../components/review/review.css';
import { ReviewPage } from '../../components/review/ReviewPage';

render(<ReviewPage />, document.getElementById('app')!);
