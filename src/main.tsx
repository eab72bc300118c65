import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { probeBackend } from './lab-client';
import { App } from './ui/App';
import './ui/styles.css';

void probeBackend();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
