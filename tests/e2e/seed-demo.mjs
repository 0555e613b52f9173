// Fills a workspace with the demo research project from assets/demo through the public API
// (the same requests the UI makes), for screenshots and for trying the UI by hand. The
// engine's own first-run seed (groundwork_core::demo) is the real thing; this is a client.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ROOT } from './helpers.mjs';

const DEMO = join(ROOT, 'assets/demo');
const json = (name) => JSON.parse(readFileSync(join(DEMO, name), 'utf8'));

/** `call(cmd, args)` and `upload(name, bytes)` talk to a running `groundwork serve`. */
export async function seedDemo({ call, upload }) {
  const project = json('project.json');
  const codebook = json('codebook.json');
  const marks = json('highlights.json');
  const synthesis = json('synthesis.json');

  const people = {};
  for (const p of project.participants) {
    const { key, ...input } = p;
    people[key] = (await call('create_participant', { input: { consent: 'given', ...input } })).id;
  }

  const tags = {};
  const addTags = async (list, parent_id) => {
    for (const t of list) {
      const tag = await call('create_tag', { input: { name: t.name, color: t.color ?? '', description: t.description ?? '', parent_id } });
      tags[t.key] = tag.id;
      await addTags(t.children ?? [], tag.id);
    }
  };
  await addTags(codebook, null);

  const interviews = {};
  const segments = {};
  for (const iv of project.interviews) {
    const imported = await upload(iv.file, readFileSync(join(DEMO, 'transcripts', iv.file)));
    const input = {
      title: iv.title,
      date: iv.date ?? null,
      interviewer: iv.interviewer ?? '',
      method: iv.method ?? 'interview',
      product_area: iv.product_area ?? '',
      status: iv.status ?? 'done',
      notes: iv.notes ?? '',
      participant_ids: Object.values(iv.speakers ?? {}).map((k) => people[k]).filter(Boolean),
    };
    await call('update_interview', { id: imported.id, input });
    interviews[iv.key] = imported.id;
    segments[iv.key] = await call('list_segments', { interview_id: imported.id });
  }

  const highlights = {};
  for (const h of marks) {
    const seg = segments[h.interview]?.find((s) => s.text.includes(h.quote));
    if (!seg) continue;
    const start = Array.from(seg.text.slice(0, seg.text.indexOf(h.quote))).length;
    const made = await call('create_highlight', {
      input: {
        interview_id: interviews[h.interview],
        note_id: null,
        segment_id: seg.id,
        start,
        end: start + Array.from(h.quote).length,
        quote: h.quote,
        comment: h.comment ?? '',
        tag_ids: (h.tags ?? []).map((t) => tags[t]).filter(Boolean),
      },
    });
    highlights[h.key] = made.id;
  }

  const insights = {};
  for (const i of synthesis.insights) {
    const made = await call('create_insight', {
      input: { title: i.title, body: i.body ?? '', highlight_ids: (i.highlights ?? []).map((k) => highlights[k]).filter(Boolean) },
    });
    insights[i.key] = made.id;
  }

  for (const p of synthesis.personas) {
    let persona = await call('create_persona', {
      input: {
        name: p.name,
        role: p.role ?? '',
        summary: p.summary ?? '',
        avatar: null,
        attributes: p.attributes ?? {},
        participant_ids: (p.participants ?? []).map((k) => people[k]).filter(Boolean),
      },
    });
    for (const s of p.statements ?? []) {
      persona = await call('add_persona_statement', { persona_id: persona.id, input: { kind: s.kind, text: s.text } });
      const made = persona.statements[persona.statements.length - 1];
      for (const k of s.highlights ?? []) {
        if (highlights[k]) await call('link_evidence', { from: { kind: 'persona_statement', id: made.id }, to: { kind: 'highlight', id: highlights[k] }, comment: '' });
      }
    }
  }

  const t = synthesis.tree;
  const tree = await call('create_tree', {
    input: { title: t.title, metric: t.metric ?? '', baseline: t.baseline ?? '', target: t.target ?? '', target_date: t.target_date ?? null, description: t.description ?? '' },
  });
  const nodes = {};
  const pending = [...t.nodes];
  for (let guard = 0; pending.length && guard < 20; guard++) {
    for (const n of [...pending]) {
      if (n.parent && !nodes[n.parent]) continue;
      pending.splice(pending.indexOf(n), 1);
      const made = await call('create_tree_node', {
        tree_id: tree.id,
        input: { parent_id: n.parent ? nodes[n.parent] : null, kind: n.kind, title: n.title, description: n.description ?? '', position: 0, status: n.status, details: n.details ?? {} },
      });
      nodes[n.key] = made.id;
      const e = n.evidence ?? {};
      const links = [
        ...(e.highlights ?? []).map((k) => ['highlight', highlights[k]]),
        ...(e.insights ?? []).map((k) => ['insight', insights[k]]),
        ...(e.interviews ?? []).map((k) => ['interview', interviews[k]]),
      ].filter(([, id]) => id);
      for (const [kind, id] of links) await call('link_evidence', { from: { kind: 'tree_node', id: made.id }, to: { kind, id }, comment: '' });
    }
  }

  for (const f of project.feedback) await upload(basename(f.file), readFileSync(join(DEMO, 'feedback', f.file)));

  const about = await call('create_note', { input: { title: project.about.title, body: readFileSync(join(DEMO, project.about.file), 'utf8') } });
  return { tree: tree.id, about: about.id, interviews, highlights };
}
