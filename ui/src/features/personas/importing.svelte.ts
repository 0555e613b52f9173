// Persona Markdown goes through a preview: the files are read and parsed (nothing saved),
// the user sees what was recognised, and only "Import" saves it.
import * as api from '../../lib/api';
import type { PersonaImportPreview } from '../../lib/api';

export interface PendingFile {
  name: string;
  /** The file's text (browser), or its path on this machine (desktop). */
  text: string | null;
  path: string | null;
  preview: PersonaImportPreview | null;
  error: string | null;
}

class PersonaImport {
  open = $state(false);
  files = $state<PendingFile[]>([]);
  reading = $state(false);

  async start(files: File[]): Promise<void> {
    this.open = true;
    this.reading = true;
    this.files = [];
    const out: PendingFile[] = [];
    for (const f of files) {
      const text = await f.text();
      try {
        out.push({ name: f.name, text, path: null, preview: await api.previewPersonaImport(f.name, text), error: null });
      } catch (e) {
        const d = api.describeError(e);
        out.push({ name: f.name, text, path: null, preview: null, error: d.detail || d.title });
      }
    }
    this.files = out;
    this.reading = false;
  }

  /** Desktop: files picked or dropped by path. */
  async startPaths(paths: string[]): Promise<void> {
    this.open = true;
    this.reading = true;
    this.files = [];
    const out: PendingFile[] = [];
    for (const path of paths) {
      const name = path.split(/[\\/]/).pop() || path;
      try {
        out.push({ name, text: null, path, preview: await api.previewPersonaImportFile(path), error: null });
      } catch (e) {
        const d = api.describeError(e);
        out.push({ name, text: null, path, preview: null, error: d.detail || d.title });
      }
    }
    this.files = out;
    this.reading = false;
  }

  /** Save one previewed file; answers how many personas it made. */
  async commit(f: PendingFile): Promise<number> {
    const r = f.path !== null ? await api.importFile(f.path, 'persona', null) : await api.importPersonas(f.name, f.text ?? '');
    return r.count;
  }

  close(): void {
    this.open = false;
    this.files = [];
  }
}

export const personaImport = new PersonaImport();
