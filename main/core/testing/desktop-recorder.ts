import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DesktopHost } from '../host';

export type DesktopAction = { action: 'openPath' | 'showItemInFolder' | 'startDrag'; path: string };

/**
 * The desktop seam as tests see it: real folders under a temporary directory (data and
 * Downloads), and every OS action recorded instead of performed.
 */
export class RecordingDesktop implements DesktopHost {
  readonly dataDir: string;
  readonly downloads: string;
  readonly actions: DesktopAction[] = [];
  readonly mediaBaseUrl = '/media/';

  constructor(root: string = mkdtempSync(path.join(os.tmpdir(), 'magpie-desktop-'))) {
    this.dataDir = path.join(root, 'data');
    this.downloads = path.join(root, 'Downloads');
  }

  downloadsDir(): string {
    return this.downloads;
  }

  async openPath(file: string): Promise<void> {
    this.actions.push({ action: 'openPath', path: file });
  }

  async showItemInFolder(file: string): Promise<void> {
    this.actions.push({ action: 'showItemInFolder', path: file });
  }

  async startDrag(file: string): Promise<void> {
    this.actions.push({ action: 'startDrag', path: file });
  }
}
