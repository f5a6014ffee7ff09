// Entry of the results view's bundle: define the web components first, then build the view with them.
import { loadElements } from './elements';

void loadElements()
  .then(() => import('./view.js'))
  .catch((e: unknown) => {
    const app = document.getElementById('app');
    if (app) app.textContent = `The results view failed to start: ${(e as Error).message}`;
  });
