import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { probeBackend } from './lab-client';
// Marks runs cut off by the last reload as interrupted and listens for training events.
import './train-client';
import { App } from './ui/App';
import './ui/styles.css';

void probeBackend();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
