import '../styles/shell.css';
import { AppShell } from '../features/shell/app-shell';
import { VIEWS } from './views';

/** The app's root: the shell (top bar, nav rail, views from the view table, palette, shortcuts). */
export function App() {
  return <AppShell views={VIEWS} />;
}
