import { render } from 'preact';
import '../ui/theme.css';
import './locks.css';
import { LockHealthPage } from './lock-health-page.tsx';

const root = document.getElementById('app');
if (root) render(<LockHealthPage />, root);
