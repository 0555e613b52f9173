import { beforeEach, describe, expect, it, vi } from 'vitest';

// The desktop shell's IPC, mocked: what the UI sends, and the events it follows.
const calls: { cmd: string; args: unknown }[] = [];
let listener: ((e: { payload: unknown }) => void) | null = null;
let answer: unknown = null;

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(async (cmd: string, args: Record<string, unknown>) => {
    calls.push({ cmd, args });
    if (cmd === 'import_paths') {
      const jobId = (args.request as { job_id: string }).job_id;
      listener?.({ payload: { job_id: 'someone-else', done: 9, total: 9, message: 'not ours' } });
      listener?.({ payload: { job_id: jobId, done: 1, total: 2, message: 'a.vtt' } });
      return answer;
    }
    if (cmd === 'pick_files') return ['/home/pm/a.vtt', '/home/pm/research'];
    return true;
  }),
}));
vi.mock('@tauri-apps/api/event', () => ({
  listen: vi.fn(async (_name: string, cb: (e: { payload: unknown }) => void) => {
    listener = cb;
    return () => (listener = null);
  }),
}));

import { pickPaths, startImportJob } from './transport';

const TAURI = { __TAURI_INTERNALS__: {} };

describe('desktop import jobs', () => {
  beforeEach(() => {
    calls.length = 0;
    answer = { imported: [], failed: [], skipped: ['/home/pm/research/.DS_Store'], cancelled: false };
  });

  it('runs import_paths with a job id, follows only its own progress, and returns the report', async () => {
    const seen: unknown[] = [];
    const job = startImportJob(['/home/pm/a.vtt', '/home/pm/research'], 'interview', (p) => seen.push(p), TAURI);
    const report = await job.result;
    expect(report.skipped).toEqual(['/home/pm/research/.DS_Store']);
    const req = calls.find((c) => c.cmd === 'import_paths')?.args as { request: { job_id: string; paths: string[]; as: string } };
    expect(req.request.paths).toEqual(['/home/pm/a.vtt', '/home/pm/research']);
    expect(req.request.as).toBe('interview');
    expect(seen).toEqual([{ job_id: req.request.job_id, done: 1, total: 2, message: 'a.vtt' }]);
    expect(listener).toBeNull(); // stopped listening when done

    await job.cancel();
    expect(calls.at(-1)).toEqual({ cmd: 'cancel_job', args: { jobId: req.request.job_id } });
  });

  it('maps a refused job to an ApiError', async () => {
    answer = Promise.reject({ code: 'conflict', message: 'a job with id "x" is already running', field: 'job_id' });
    await expect(startImportJob(['/x'], null, () => {}, TAURI).result).rejects.toMatchObject({ code: 'conflict', field: 'job_id' });
  });

  it('has the shell open the file dialog on the desktop, and defers to <input type=file> in a browser', async () => {
    await expect(pickPaths(TAURI)).resolves.toEqual(['/home/pm/a.vtt', '/home/pm/research']);
    expect(calls.at(-1)).toEqual({ cmd: 'pick_files', args: { purpose: 'import' } });
    await expect(pickPaths({})).resolves.toBeNull();
  });

  it('refuses path imports in a browser', async () => {
    await expect(startImportJob(['/etc/passwd'], null, () => {}, {}).result).rejects.toMatchObject({ code: 'unsupported_format' });
  });
});
