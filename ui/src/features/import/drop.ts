// Files (and the files inside dropped folders) from a drag-and-drop onto the window.

interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?: (ok: (f: File) => void, err: (e: unknown) => void) => void;
  createReader?: () => { readEntries: (ok: (entries: Entry[]) => void, err: (e: unknown) => void) => void };
}

const MAX_FILES = 2000;

async function walk(entry: Entry, out: File[]): Promise<void> {
  if (out.length >= MAX_FILES) return;
  if (entry.isFile && entry.file) {
    if (entry.name.startsWith('.')) return; // .DS_Store and friends
    out.push(await new Promise<File>((ok, err) => entry.file!(ok, err)));
  } else if (entry.isDirectory && entry.createReader) {
    const reader = entry.createReader();
    // readEntries answers in batches until it answers with none.
    for (;;) {
      const batch = await new Promise<Entry[]>((ok, err) => reader.readEntries(ok, err));
      if (batch.length === 0) break;
      for (const e of batch) await walk(e, out);
    }
  }
}

export async function droppedFiles(dt: DataTransfer): Promise<File[]> {
  const items = Array.from(dt.items ?? []).filter((i) => i.kind === 'file');
  const entries = items
    .map((i) => (typeof i.webkitGetAsEntry === 'function' ? (i.webkitGetAsEntry() as unknown as Entry | null) : null))
    .filter((e): e is Entry => e !== null);
  if (entries.length === 0) return Array.from(dt.files ?? []);
  const out: File[] = [];
  for (const e of entries) await walk(e, out);
  return out;
}

export function isFileDrag(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}
