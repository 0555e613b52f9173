import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors';
import * as api from './index';
import { dispositionName, followChangeStream, httpTransport, isTauri, parseEvent, selectTransport, takeToken, tauriTransport } from './transport';
import type { FeedbackMapping, PackImport, PackRequest } from './types';
import type { HostRequest, HostStatus } from './index';

/** The ApiError a call rejected with; fails the test if it resolved. */
async function rejection(p: Promise<unknown>): Promise<ApiError> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as ApiError,
  );
}

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('transport selection', () => {
  it('uses Tauri IPC only inside the desktop window', () => {
    expect(isTauri({})).toBe(false);
    expect(isTauri({ __TAURI_INTERNALS__: {} })).toBe(true);
    expect(selectTransport({}).kind).toBe('http');
    expect(selectTransport({ __TAURI_INTERNALS__: {} }).kind).toBe('tauri');
  });

  it('detects the browser it runs in (jsdom has no Tauri)', () => {
    expect(selectTransport().kind).toBe('http');
  });
});

describe('the access token', () => {
  function fakeWindow(href: string) {
    const store = new Map<string, string>();
    const url = new URL(href);
    const replaced: string[] = [];
    return {
      location: { pathname: url.pathname, search: url.search, hash: url.hash } as Location,
      localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as Storage,
      history: { state: null, replaceState: (_s: unknown, _t: string, u: string) => void replaced.push(u) } as unknown as History,
      replaced,
      store,
    };
  }

  it('is taken from the printed link, kept for this origin, and removed from the address bar', () => {
    const w = fakeWindow('http://127.0.0.1:4820/?token=abc&x=1#/interviews/7');
    expect(takeToken(w)).toBe('abc');
    expect(w.replaced).toEqual(['/?x=1#/interviews/7']);
    expect(w.store.get('groundwork.token')).toBe('abc');
    // A reload finds it again.
    const again = { ...fakeWindow('http://127.0.0.1:4820/#/notes'), localStorage: w.localStorage };
    expect(takeToken(again)).toBe('abc');
    expect(again.replaced).toEqual([]);
  });

  it('is nothing when the tab never had the link', () => {
    expect(takeToken(fakeWindow('http://127.0.0.1:4820/'))).toBeNull();
  });
});

describe('HTTP transport', () => {
  it('POSTs the request as JSON to /api with the token in a header, never a cookie', async () => {
    const fetch = vi.fn(async () => jsonResponse({ id: '1', title: 'Kick-off' }));
    const t = httpTransport(fetch, '', 'tok3n');
    const out = await t.call({ cmd: 'get_interview', args: { id: '1' } });
    expect(out).toEqual({ id: '1', title: 'Kick-off' });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('omit');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok3n', 'content-type': 'application/json' });
    expect(JSON.parse(init.body as string)).toEqual({ cmd: 'get_interview', args: { id: '1' } });
  });

  it('sends nothing by path, and puts the token in attachment URLs for media players', async () => {
    const t = httpTransport(vi.fn(), '', 'tok3n');
    await expect(t.callLocal({ cmd: 'attach_file', args: { interview_id: 'i', path: '/etc/passwd' } })).rejects.toMatchObject({
      code: 'unsupported_format',
    });
    expect(t.attachmentUrl('a b')).toBe('/api/attachments/a%20b?token=tok3n');
  });

  it('maps an error body to an ApiError with code and field', async () => {
    const t = httpTransport(async () =>
      jsonResponse({ code: 'invalid', message: 'title must not be empty', field: 'title' }, 422),
    );
    const err = await rejection(t.call({ cmd: 'create_interview', args: { input: {} } }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('invalid');
    expect(err.field).toBe('title');
    expect(err.message).toBe('title must not be empty');
  });

  it('maps a 401 without a JSON body to unauthorized', async () => {
    const t = httpTransport(async () => new Response('no token', { status: 401, statusText: 'Unauthorized' }));
    const err = await rejection(t.call({ cmd: 'stats' }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('unauthorized');
  });

  it('maps other statuses without a body by their meaning, never showing HTML', async () => {
    const t = httpTransport(async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err = await rejection(t.call({ cmd: 'stats' }));
    expect(err.code).toBe('io');
    expect(err.message).not.toContain('<html>');
    const t2 = httpTransport(async () => new Response('', { status: 413 }));
    expect((await rejection(t2.call({ cmd: 'stats' }))).code).toBe('too_large');
  });

  it('maps a server that does not answer to io with a hint', async () => {
    const t = httpTransport(async () => {
      throw new TypeError('Failed to fetch');
    });
    const err = await rejection(t.call({ cmd: 'stats' }));
    expect(err.code).toBe('io');
    expect(err.message).toContain('groundwork serve');
  });

  it('uploads raw bytes to /api/import with the file name and chosen kind', async () => {
    const fetch = vi.fn(async () => jsonResponse({ path: 'a b.vtt', kind: 'interview', id: 'x', title: 'A', format: 'vtt', count: 3 }));
    const t = httpTransport(fetch, '', 'tok3n');
    const blob = new Blob(['WEBVTT\n']);
    const out = await t.upload('a b.vtt', blob, 'interview');
    expect(out.count).toBe(3);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok3n', 'content-type': 'application/octet-stream' });
    const u = new URL(url, 'http://x');
    expect(u.pathname).toBe('/api/import');
    expect(u.searchParams.get('name')).toBe('a b.vtt');
    expect(u.searchParams.get('as')).toBe('interview');
    expect(init.body).toBe(blob);
  });

  it('previews with preview=1 and sends the speaker mapping as JSON', async () => {
    const fetch = vi.fn(async () => jsonResponse({}));
    const t = httpTransport(fetch);
    const blob = new Blob(['WEBVTT\n']);
    await t.preview('a.vtt', blob);
    await t.upload('a.vtt', blob, null, { Ann: { to: 'interviewer' } });
    const [first] = fetch.mock.calls[0] as unknown as [string];
    const [second] = fetch.mock.calls[1] as unknown as [string];
    expect(new URL(first, 'http://x').searchParams.get('preview')).toBe('1');
    const u = new URL(second, 'http://x');
    expect(u.searchParams.get('preview')).toBeNull();
    expect(JSON.parse(u.searchParams.get('speakers') ?? '')).toEqual({ Ann: { to: 'interviewer' } });
  });
});

describe('feedback exports (POST /api/import, preview=mapping)', () => {
  const mapping: FeedbackMapping = {
    columns: [
      { name: 'Comment', role: 'text' },
      { name: 'How likely…?', role: 'score' },
    ],
    score_kind: 'nps',
  };

  it('previews with preview=mapping and the mapping as JSON, the token in a header', async () => {
    const fetch = vi.fn(async () => jsonResponse({ name: 'survey & co.csv', items: 3 }));
    const t = httpTransport(fetch, '', 'tok3n');
    const blob = new Blob(['Comment\nslow\n']);
    await t.previewFeedback('survey & co.csv', blob, mapping);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok3n', 'content-type': 'application/octet-stream' });
    expect(init.body).toBe(blob);
    const u = new URL(url, 'http://x');
    expect(u.pathname).toBe('/api/import');
    expect(u.searchParams.get('name')).toBe('survey & co.csv');
    expect(u.searchParams.get('preview')).toBe('mapping');
    expect(JSON.parse(u.searchParams.get('mapping') ?? '')).toEqual(mapping);
  });

  it('leaves the mapping out when none is chosen yet, so the engine uses the remembered or guessed one', async () => {
    const fetch = vi.fn(async () => jsonResponse({}));
    const t = httpTransport(fetch);
    await t.previewFeedback('a.csv', new Blob([]));
    await t.upload('a.csv', new Blob([]), 'feedback');
    for (const call of fetch.mock.calls) {
      const u = new URL((call as unknown as [string])[0], 'http://x');
      expect(u.searchParams.has('mapping')).toBe(false);
    }
    expect(new URL((fetch.mock.calls[1] as unknown as [string])[0], 'http://x').searchParams.get('preview')).toBeNull();
  });

  it('imports with the mapping the user chose', async () => {
    const fetch = vi.fn(async () => jsonResponse({ path: 'a.csv', kind: 'feedback', id: 'f1', title: 'A', format: 'csv', count: 2 }));
    const t = httpTransport(fetch);
    await t.upload('a.csv', new Blob([]), null, {}, false, mapping);
    const u = new URL((fetch.mock.calls[0] as unknown as [string])[0], 'http://x');
    expect(u.searchParams.get('preview')).toBeNull();
    expect(u.searchParams.has('as')).toBe(false);
    expect(JSON.parse(u.searchParams.get('mapping') ?? '')).toEqual(mapping);
  });

  it('goes by path on the desktop (preview_feedback_file, import_feedback_file)', async () => {
    const callLocal = vi.fn(async () => ({}));
    const t = tauriTransport(async () => null);
    await expect(t.previewFeedback('a.csv', new Blob([]))).rejects.toMatchObject({ code: 'unsupported_format' });
    try {
      api.useTransport({ ...t, callLocal });
      await expect(api.previewFeedback('a.csv', new Blob([]))).rejects.toMatchObject({ code: 'unsupported_format' });
      await api.previewFeedbackFile('/home/me/a.csv', mapping);
      await api.importFeedbackFile('/home/me/a.csv', null);
      expect(callLocal.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
        { cmd: 'preview_feedback_file', args: { path: '/home/me/a.csv', mapping } },
        { cmd: 'import_feedback_file', args: { path: '/home/me/a.csv', mapping: null } },
      ]);
    } finally {
      api.useTransport(null);
    }
  });
});

describe('REFI-QDA imports (POST /api/pack/import)', () => {
  const report: PackImport = {
    format: 'qdpx',
    dry_run: true,
    added: { interview: 3, tag: 12 },
    matched: { tag: 5 },
    left_out: [],
    interview_ids: [],
    updated: {},
    conflicts: [],
  };

  it('posts the bytes with the name (URL-encoded) and dry_run, the token in a header', async () => {
    const fetch = vi.fn(async () => jsonResponse(report));
    const t = httpTransport(fetch, '', 'tok3n');
    const blob = new Blob(['PK']);
    const out = await t.importPack(blob, 'my study & co.qdpx', true);
    expect(out).toEqual(report);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('omit');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok3n', 'content-type': 'application/octet-stream' });
    expect(init.body).toBe(blob);
    expect(url).not.toContain(' ');
    const u = new URL(url, 'http://x');
    expect(u.pathname).toBe('/api/pack/import');
    expect(u.searchParams.get('name')).toBe('my study & co.qdpx');
    expect(u.searchParams.get('dry_run')).toBe('1');
    await t.importPack(blob, 'codes.qdc', false);
    const [real] = fetch.mock.calls[1] as unknown as [string];
    expect(new URL(real, 'http://x').searchParams.get('dry_run')).toBe('0');
  });

  it('shows the error the engine gave, naming the file and entry', async () => {
    const t = httpTransport(async () => jsonResponse({ code: 'invalid', message: 'study.qdpx: project.qde, line 4: not a REFI-QDA project' }, 422));
    const err = await rejection(t.importPack(new Blob([]), 'study.qdpx', true));
    expect(err).toMatchObject({ code: 'invalid', message: 'study.qdpx: project.qde, line 4: not a REFI-QDA project' });
  });

  it('is for browsers only: the desktop imports by path', async () => {
    await expect(tauriTransport(async () => null).importPack(new Blob([]), 'a.qdc', true)).rejects.toMatchObject({ code: 'unsupported_format' });
  });

  it('goes through the window’s transport, and the desktop by path through import_pack', async () => {
    const importPack = vi.fn(async () => report);
    const callLocal = vi.fn(async () => report);
    const base = { changes: () => () => {}, call: vi.fn(), upload: vi.fn(), preview: vi.fn(), previewFeedback: vi.fn(), attach: vi.fn(), attachmentUrl: () => null, downloadPack: vi.fn(), hostWorkshop: vi.fn() };
    try {
      api.useTransport({ ...base, kind: 'http', importsBytes: true, importsPaths: false, callLocal, importPack });
      const blob = new Blob(['x']);
      await expect(api.importPackUpload(blob, 'a.qdpx', true)).resolves.toEqual(report);
      expect(importPack).toHaveBeenCalledWith(blob, 'a.qdpx', true);
      api.useTransport({ ...base, kind: 'tauri', importsBytes: false, importsPaths: true, callLocal, importPack });
      await expect(api.importPackUpload(blob, 'a.qdpx', true)).rejects.toMatchObject({ code: 'unsupported_format' });
      await api.importPack('/home/me/a.qdpx', false);
      expect(callLocal).toHaveBeenCalledWith({ cmd: 'import_pack', args: { path: '/home/me/a.qdpx', dry_run: false } });
    } finally {
      api.useTransport(null);
    }
  });
});

describe('research pack downloads (POST /api/pack)', () => {
  const request: PackRequest = {
    format: 'md',
    scope: {
      interview_ids: ['iv1'],
      tag_ids: [],
      participant_ids: [],
      insight_ids: [],
      persona_ids: [],
      tree_ids: [],
      feedback: true,
      workshops: true,
      from: null,
      to: null,
      consented_only: false,
      published_only: false,
    },
    redact: { names: true, emails: false, phones: false, urls: false, words: ['Ledgerly'] },
  };
  const zip = () =>
    new Response(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), {
      status: 200,
      headers: { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="research-pack-2026-12-03.zip"' },
    });

  it('POSTs {request} as JSON with the token in a header, and hands back the bytes and the name', async () => {
    const fetch = vi.fn(async () => zip());
    const t = httpTransport(fetch, '', 'tok3n');
    const out = await t.downloadPack(request);
    expect(out.name).toBe('research-pack-2026-12-03.zip');
    const bytes = new Uint8Array(await out.blob.arrayBuffer());
    expect(String.fromCharCode(bytes[0], bytes[1])).toBe('PK');
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/pack');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('omit');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok3n', 'content-type': 'application/json' });
    expect(JSON.parse(init.body as string)).toEqual({ request });
  });

  it('shows the error body the server answered with', async () => {
    const t = httpTransport(async () => jsonResponse({ code: 'invalid', message: 'from: use YYYY-MM-DD', field: 'from' }, 422));
    const err = await rejection(t.downloadPack(request));
    expect(err).toMatchObject({ code: 'invalid', field: 'from', message: 'from: use YYYY-MM-DD' });
  });

  it('says what to do when the server is too old to make packs', async () => {
    const t = httpTransport(async () => jsonResponse({ code: 'not_found', message: 'there is no /api/pack in this API; send requests to POST /api' }, 404));
    const err = await rejection(t.downloadPack(request));
    expect(err.code).toBe('unsupported_format');
    expect(err.message).toContain('groundwork pack export');
  });

  it('hands back a REFI-QDA codebook as the file itself', async () => {
    const t = httpTransport(async () =>
      new Response('<?xml version="1.0"?><CodeBook/>', {
        status: 200,
        headers: { 'content-type': 'application/xml', 'content-disposition': 'attachment; filename="research-pack.qdc"' },
      }),
    );
    const out = await t.downloadPack({ ...request, format: 'qdc' });
    expect(out.name).toBe('research-pack.qdc');
    expect(await out.blob.text()).toContain('CodeBook');
  });

  it('hands back a Groundwork pack as the .gwpack file itself, though it is sent as a zip', async () => {
    const t = httpTransport(async () =>
      new Response('PK\u0003\u0004', {
        status: 200,
        headers: { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="research-pack.gwpack"' },
      }),
    );
    const out = await t.downloadPack({ ...request, format: 'gwpack' });
    expect(out.name).toBe('research-pack.gwpack');
    expect((await out.blob.text()).slice(0, 2)).toBe('PK');
  });

  it('does not save a page as a zip', async () => {
    const t = httpTransport(async () => new Response('<html></html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect((await rejection(t.downloadPack(request))).code).toBe('io');
  });

  it('is for browsers only: the desktop writes packs by path', async () => {
    await expect(tauriTransport(async () => null).downloadPack(request)).rejects.toMatchObject({ code: 'unsupported_format' });
  });

  it('reads the file name from Content-Disposition, never a path', () => {
    expect(dispositionName('attachment; filename="pack.zip"')).toBe('pack.zip');
    expect(dispositionName('attachment; filename=pack.zip')).toBe('pack.zip');
    expect(dispositionName(`attachment; filename="x.zip"; filename*=UTF-8''caf%C3%A9%20pack.zip`)).toBe('café pack.zip');
    expect(dispositionName('attachment; filename="../../etc/evil.zip"')).toBe('evil.zip');
    expect(dispositionName('attachment; filename="a \\"b\\".zip"')).toBe('a "b".zip');
    expect(dispositionName('attachment')).toBeNull();
    expect(dispositionName(null)).toBeNull();
  });
});

describe('hosting a workshop for the room (POST /api/workshops/host)', () => {
  const status: HostStatus = {
    interfaces: [{ name: 'lo', ip: '127.0.0.1', loopback: true }],
    open: true,
    addr: '127.0.0.1:4821',
    join_url: 'http://127.0.0.1:4821/#k=s3cret',
    code: 'K7M2QX',
    qr_svg: '<svg/>',
    joined: 2,
  };
  const request: HostRequest = { action: 'open', id: 'w1', ip: '127.0.0.1', port: null, allow_network: false };

  it('POSTs the request itself as JSON with the token in a header', async () => {
    const fetch = vi.fn(async () => jsonResponse(status));
    const t = httpTransport(fetch, '', 'tok3n');
    await expect(t.hostWorkshop(request)).resolves.toEqual(status);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/workshops/host');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('omit');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok3n', 'content-type': 'application/json' });
    expect(JSON.parse(init.body as string)).toEqual(request);
  });

  it('shows the error the server answered with', async () => {
    const t = httpTransport(async () => jsonResponse({ code: 'invalid', message: 'ip: turn on “Let people on this network join” first', field: 'ip' }, 422));
    const err = await rejection(t.hostWorkshop({ ...request, ip: '192.168.1.20' }));
    expect(err).toMatchObject({ code: 'invalid', field: 'ip' });
  });

  it('invokes workshop_host with {request} in the desktop window', async () => {
    const invoke = vi.fn(async () => status);
    await expect(tauriTransport(invoke).hostWorkshop({ action: 'interfaces' })).resolves.toEqual(status);
    expect(invoke).toHaveBeenCalledWith('workshop_host', { request: { action: 'interfaces' } });
  });

  it('goes through the window’s transport', async () => {
    const t = httpTransport(vi.fn(async () => jsonResponse(status)), '', 't');
    try {
      api.useTransport(t);
      await expect(api.hostWorkshop({ action: 'status', id: 'w1' })).resolves.toMatchObject({ joined: 2 });
    } finally {
      api.useTransport(null);
    }
  });
});

describe('Tauri transport', () => {
  it('invokes the one api command with the request', async () => {
    const invoke = vi.fn(async () => [{ id: 'n1' }]);
    const t = tauriTransport(invoke);
    await expect(t.call({ cmd: 'list_notes' })).resolves.toEqual([{ id: 'n1' }]);
    expect(invoke).toHaveBeenCalledWith('api', { request: { cmd: 'list_notes' } });
  });

  it('maps a rejected invoke ({code,message,field}) to an ApiError', async () => {
    const t = tauriTransport(async () => {
      throw { code: 'not_found', message: 'no note with id n9' };
    });
    const err = await rejection(t.call({ cmd: 'get_note', args: { id: 'n9' } }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('not_found');
    expect(err.field).toBeNull();
  });

  it('maps a string rejection (JSON or plain) too', async () => {
    const json = tauriTransport(async () => {
      throw JSON.stringify({ code: 'conflict', message: 'tag exists' });
    });
    expect((await rejection(json.call({ cmd: 'list_tags' }))).code).toBe('conflict');
    const plain = tauriTransport(async () => {
      throw 'command api not found';
    });
    const err = await rejection(plain.call({ cmd: 'list_tags' }));
    expect(err.code).toBe('io');
    expect(err.message).toBe('command api not found');
  });

  it('cannot upload bytes, and says how to import instead', async () => {
    const t = tauriTransport(async () => null);
    expect(t.importsBytes).toBe(false);
    expect(t.importsPaths).toBe(true);
    await expect(t.upload('x.vtt', new Blob([]))).rejects.toMatchObject({ code: 'unsupported_format' });
  });
});

describe('typed calls', () => {
  afterEach(() => api.useTransport(null));

  it('send each use case as its snake_case command with named args', async () => {
    const call = vi.fn(async () => ({}));
    const callLocal = vi.fn(async () => ({}));
    api.useTransport({ kind: 'tauri', importsBytes: false, importsPaths: true, changes: () => () => {}, call, callLocal, upload: vi.fn(), preview: vi.fn(), previewFeedback: vi.fn(), attach: vi.fn(), attachmentUrl: () => null, downloadPack: vi.fn(), importPack: vi.fn(), hostWorkshop: vi.fn() });
    await api.workspaceInfo();
    await api.createInterview({
      title: 'T',
      date: null,
      interviewer: '',
      method: 'interview',
      product_area: '',
      status: 'done',
      notes: '',
      participant_ids: [],
    });
    await api.listSegments('iv1');
    await api.trash('note', 'n1');
    await api.importFile('/tmp/a.vtt', null, {});
    await api.savePersonaMarkdown('p1', '/tmp/p.md');
    await api.search(api.searchRequest({ query: 'onboard', as_you_type: true }));
    expect(call.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      { cmd: 'workspace_info', args: {} },
      { cmd: 'create_interview', args: { input: expect.objectContaining({ title: 'T' }) } },
      { cmd: 'list_segments', args: { interview_id: 'iv1' } },
      { cmd: 'trash', args: { kind: 'note', id: 'n1' } },
      { cmd: 'search', args: { request: expect.objectContaining({ query: 'onboard', as_you_type: true, kinds: [], limit: 20 }) } },
    ]);
    // Files by path are a request of their own, which only the desktop shell takes.
    expect(callLocal.mock.calls.map((c) => (c as unknown[])[0])).toEqual([
      { cmd: 'import_file', args: { path: '/tmp/a.vtt', as: null, speakers: {} } },
      { cmd: 'save_persona_markdown', args: { id: 'p1', path: '/tmp/p.md' } },
    ]);
  });

  it('refuses files by path in a browser', async () => {
    api.useTransport(httpTransport(vi.fn(), '', 't'));
    await expect(api.attachFile('iv', '/home/pm/.ssh/id_rsa')).rejects.toMatchObject({ code: 'unsupported_format' });
  });

  it('refuses to upload where the transport cannot', async () => {
    api.useTransport(tauriTransport(async () => null));
    await expect(api.importUpload('a.vtt', new Blob([]))).rejects.toMatchObject({ code: 'unsupported_format' });
  });
});

describe('live updates over HTTP (GET /api/changes)', () => {
  const change = (seq: number) => ({ seq, at: '2026-12-02T10:00:00Z', origin: 'app', op: 'update_note', summary: 'Edited note', undone: false, undoable: true, objects: [{ kind: 'note', id: `n${seq}` }] });
  /** A response whose body streams `chunks` and then ends. */
  const stream = (chunks: string[], status = 200) =>
    new Response(
      new ReadableStream({
        start(c) {
          for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
          c.close();
        },
      }),
      { status, headers: { 'content-type': 'text/event-stream' } },
    );

  it('reads events split anywhere across chunks, with the token in a header', async () => {
    const frames = `: connected\n\nid: 1\nevent: change\ndata: ${JSON.stringify(change(1))}\n\n: keep-alive\n\nid: 2\nevent: change\ndata: ${JSON.stringify(change(2))}\n\n`;
    const chunks = [frames.slice(0, 7), frames.slice(7, 40), frames.slice(40, 41), frames.slice(41)];
    const fetchImpl = vi.fn().mockResolvedValueOnce(stream(chunks)).mockReturnValue(new Promise(() => {}));
    const heard: number[] = [];
    const resync = vi.fn();
    const stop = followChangeStream(fetchImpl, '/api/changes', { authorization: 'Bearer t' }, { change: (c) => heard.push(c.seq), resync });
    await vi.waitFor(() => expect(heard).toEqual([1, 2]));
    expect(fetchImpl.mock.calls[0][1].headers.authorization).toBe('Bearer t');
    expect(fetchImpl.mock.calls[0][1].credentials).toBe('omit');
    expect(resync).not.toHaveBeenCalled();
    stop();
  });

  it('reconnects when the stream drops and asks for a resync (changes meanwhile were not heard)', async () => {
    vi.useFakeTimers();
    try {
      const fetchImpl = vi
        .fn()
        .mockResolvedValueOnce(stream([': connected\n\n']))
        .mockResolvedValueOnce(stream([`: connected\n\nevent: change\ndata: ${JSON.stringify(change(7))}\n\n`]))
        .mockReturnValue(new Promise(() => {}));
      const heard: number[] = [];
      const resync = vi.fn();
      const connected: boolean[] = [];
      const stop = followChangeStream(fetchImpl, '/api/changes', {}, { change: (c) => heard.push(c.seq), resync, connected: (on) => connected.push(on) });
      await vi.waitFor(() => expect(connected).toEqual([true, false]));
      await vi.advanceTimersByTimeAsync(600);
      await vi.waitFor(() => expect(heard).toEqual([7]));
      expect(resync).toHaveBeenCalledTimes(1);
      expect(connected.slice(0, 3)).toEqual([true, false, true]);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops for good when the token is refused', async () => {
    const fetchImpl = vi.fn().mockResolvedValue(new Response('{}', { status: 401 }));
    followChangeStream(fetchImpl, '/api/changes', {}, { change: vi.fn(), resync: vi.fn() });
    await new Promise((ok) => setTimeout(ok, 50));
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('parses the fields of an event block', () => {
    expect(parseEvent('id: 3\nevent: change\ndata: {"a":1}')).toEqual({ type: 'change', data: '{"a":1}' });
    expect(parseEvent(': comment only')).toBeNull();
    expect(parseEvent('data:x\ndata: y')).toEqual({ type: 'message', data: 'x\ny' });
  });
});
