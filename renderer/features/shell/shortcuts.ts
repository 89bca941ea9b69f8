/** Every keyboard shortcut, as `?` lists them (one source for the help and the palette hints). */
export const SHORTCUTS: ReadonlyArray<{ keys: string; what: string }> = [
  { keys: '/', what: 'Search (focus the search box of the view)' },
  { keys: 'Ctrl+K  ⌘K', what: 'Command palette' },
  { keys: '?', what: 'This list' },
  { keys: 'j / k  ↓ / ↑', what: 'Next / previous row' },
  { keys: 'PageDown / PageUp  Home / End', what: 'Move by a screen / to the ends' },
  { keys: 'Enter', what: 'Open the selected row' },
  { keys: 'c', what: 'Tasks: copy the selected row’s unihash' },
  { keys: 'Shift+C', what: 'Tasks: copy the selected row’s taskhash' },
  { keys: 'Esc', what: 'Close, or go back to the list' },
  {
    keys: 'g then s / t / e / w / o / v / c',
    what: 'Go to Sources, Tasks, Equivalence, Why rebuilt, Outhash, Server, Compare',
  },
  { keys: 'g then h', what: 'Go to Start (open another build)' },
  { keys: '← / →  on a divider', what: 'Resize panes' },
];
