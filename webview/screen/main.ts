// Entry of the screen results view's bundle: its stylesheet (bundled to main.css), the web components, then the view.
import '../common/panel-page.css';
import '../common/chips.css';
import './screen.css';
import { loadElements } from './elements';

void loadElements()
  .then(() => import('./view.js'))
  .catch((e: unknown) => {
    const app = document.getElementById('app');
    if (app) app.textContent = `The screen results view failed to start: ${(e as Error).message}`;
  });
