// Persona Markdown goes through a preview: the files are read and parsed (nothing saved),
// the user sees what was recognised, and only "Import" saves it.
import * as api from '../../lib/api';
import type { PersonaImportPreview } from '../../lib/api';

export interface PendingFile {
  name: string;
  text: string;
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
        out.push({ name: f.name, text, preview: await api.previewPersonaImport(f.name, text), error: null });
      } catch (e) {
        const d = api.describeError(e);
        out.push({ name: f.name, text, preview: null, error: d.detail || d.title });
      }
    }
    this.files = out;
    this.reading = false;
  }

  close(): void {
    this.open = false;
    this.files = [];
  }
}

export const personaImport = new PersonaImport();
