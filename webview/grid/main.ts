// Entry of the molecule grid's bundle: its stylesheet (bundled to main.css), the web components, then the view.
import '../common/panel-page.css';
import '../common/chips.css';
import './grid.css';
import { loadElements } from './elements';

void loadElements()
  .then(() => import('./view.js'))
  .catch((e: unknown) => {
    const app = document.getElementById('app');
    if (app) app.textContent = `The molecule grid failed to start: ${(e as Error).message}`;
  });
