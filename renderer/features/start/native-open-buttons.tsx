import type { ChoosePathsInput } from '../../../shared/contract';
import { useAppStore, useAppStoreApi } from '../../state';

const LABELS: Record<ChoosePathsInput['purpose'], { directory: string; files: string }> = {
  open: { directory: 'Open build directory…', files: 'Open file…' },
  add: { directory: 'Add build directory…', files: 'Add files…' },
  compare: { directory: 'Compare with build directory…', files: 'Compare with files…' },
};

/**
 * The desktop app's Open… buttons: a native dialog (answered by the Electron main process), then
 * the same opening a drop does. Renders nothing in web mode, where a browser cannot hand over
 * paths on the serving machine and the typed path field stands in.
 */
export function NativeOpenButtons({
  purpose = 'open',
  disabled = false,
}: {
  /** What the chosen paths become: a new workspace, or a build added to the active one. */
  purpose?: ChoosePathsInput['purpose'];
  disabled?: boolean;
}) {
  const store = useAppStoreApi();
  const mode = useAppStore((s) => s.info?.mode ?? 'web');
  const choosing = useAppStore((s) => s.choosing);
  if (mode !== 'electron') return null;
  const labels = LABELS[purpose];
  const choose = (kind: ChoosePathsInput['kind']) => void store.getState().chooseAndOpen(kind, purpose);
  return (
    <div className="start__actions" role="group" aria-label="Choose with a file dialog">
      <button
        type="button"
        className="primary"
        data-testid={`choose-directory-${purpose}`}
        disabled={disabled || choosing}
        onClick={() => choose('directory')}
      >
        {labels.directory}
      </button>
      <button
        type="button"
        data-testid={`choose-files-${purpose}`}
        disabled={disabled || choosing}
        onClick={() => choose('files')}
      >
        {labels.files}
      </button>
    </div>
  );
}
