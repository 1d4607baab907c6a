import './polyfills.ts';
import { render } from 'preact';
import { App } from './components/App/App.tsx';

render(<App />, document.getElementById('app') as HTMLElement);
