/**
 * `app.choosePaths` in the desktop shell: the engine runs in a utilityProcess and cannot show a
 * dialog, so main answers this method itself. Pure apart from the injected dialog function, so
 * it is tested in Node without Electron; the File menu builds its dialogs here too.
 */
import type { FileFilter, OpenDialogOptions } from 'electron';
import type { ChoosePathsInput, ChoosePathsOutput } from '../../shared/contract/api-schemas';
import { METHODS } from '../../shared/contract/methods';
import type { Envelope } from '../../shared/rpc/envelope';
import { describeIssues, errorEnvelope, okEnvelope } from '../../shared/rpc/envelope';

/** The method main answers instead of forwarding it to the engine. */
export const CHOOSE_PATHS_METHOD = 'app.choosePaths';

/** File types offered when opening single files (the File menu's Open File… and the Start view). */
export const OPEN_FILE_FILTERS: readonly FileFilter[] = [
  {
    name: 'BitBake data',
    extensions: ['db', 'dat', 'sqlite3', 'siginfo', 'zst', 'tgz', 'log', 'json'],
  },
  { name: 'All files', extensions: ['*'] },
];

// Titles name what the picked paths will become, so a dialog opened from a button says the same
// thing as the menu item that opens it.
const TITLES: Record<ChoosePathsInput['purpose'], Record<ChoosePathsInput['kind'], string>> = {
  open: { directory: 'Open Build Directory', files: 'Open File' },
  add: { directory: 'Add a Build Directory', files: 'Add Files as a Build' },
  compare: { directory: 'Compare With Another Build', files: 'Compare With Files of Another Build' },
};

/**
 * The native dialog for a request. Several selections are allowed for every purpose: a build
 * may be a build directory plus a shared sstate cache or downloaded hashserv.db.
 */
export function choosePathsDialogOptions(input: ChoosePathsInput): OpenDialogOptions {
  const title = TITLES[input.purpose][input.kind];
  if (input.kind === 'directory') return { title, properties: ['openDirectory', 'multiSelections'] };
  return {
    title,
    properties: ['openFile', 'multiSelections'],
    filters: OPEN_FILE_FILTERS.map((f) => ({ ...f })),
  };
}

/** What a dialog gives back (Electron's OpenDialogReturnValue, narrowed to what we read). */
export interface DialogResult {
  canceled: boolean;
  filePaths: string[];
}

/** The picked paths; none when the user cancelled (Electron may still list paths then). */
export function choosePathsOutput(result: DialogResult): ChoosePathsOutput {
  return { paths: result.canceled ? [] : result.filePaths.filter((p) => p.length > 0) };
}

/** Shows a native open dialog (main passes `dialog.showOpenDialog`, bound to the window). */
export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<DialogResult>;

/**
 * Answers one `app.choosePaths` call from the renderer: validates the input against the contract
 * (the engine's dispatcher never sees this call), shows the dialog, and returns an envelope.
 * Never throws: a failing dialog becomes an INTERNAL envelope.
 */
export async function answerChoosePaths(
  input: unknown,
  show: ShowOpenDialog,
): Promise<Envelope<ChoosePathsOutput>> {
  const parsed = METHODS[CHOOSE_PATHS_METHOD].input.safeParse(input === undefined ? {} : input);
  if (!parsed.success) {
    return errorEnvelope({
      code: 'INVALID_INPUT',
      message: `${CHOOSE_PATHS_METHOD}: ${describeIssues(parsed.error)}`,
      where: { entry: CHOOSE_PATHS_METHOD },
    });
  }
  try {
    return okEnvelope(choosePathsOutput(await show(choosePathsDialogOptions(parsed.data))));
  } catch (err) {
    return errorEnvelope({
      code: 'INTERNAL',
      message: `The file dialog failed: ${err instanceof Error ? err.message : String(err)}`,
      where: { entry: CHOOSE_PATHS_METHOD },
    });
  }
}
