import * as api from '../../lib/api';
import type { Persona, PersonaInput } from '../../lib/api';
import { plural } from '../../lib/format';
import type { SectionDef } from '../section';
import Statements from './Statements.svelte';

export const personas: SectionDef<Persona, PersonaInput> = {
  id: 'personas',
  kind: 'persona',
  related: ['persona_statement', 'participant'],
  label: 'Personas',
  one: 'persona',
  icon: 'personas',
  list: api.listPersonas,
  get: api.getPersona,
  create: api.createPersona,
  update: api.updatePersona,
  publish: api.setPersonaPublished,
  blank: () => ({ name: '', role: '', summary: '', avatar: null, attributes: {}, participant_ids: [] }),
  toInput: (o) => ({
    name: o.name,
    role: o.role,
    summary: o.summary,
    avatar: o.avatar,
    attributes: { ...o.attributes },
    participant_ids: [...o.participant_ids],
  }),
  title: (o) => o.name,
  subtitle: (o) => {
    const backed = o.statements.filter((s) => s.highlight_ids.length > 0).length;
    return [o.role, plural(o.statements.length, 'statement'), o.statements.length ? `${backed} with evidence` : '']
      .filter(Boolean)
      .join(' · ');
  },
  filterText: (o) => `${o.name} ${o.role} ${o.summary}`,
  sorts: [
    { key: 'name', label: 'Name', value: (o) => o.name.toLowerCase() },
    { key: 'statements', label: 'Most statements', value: (o) => o.statements.length, desc: true },
    { key: 'updated', label: 'Last edited', value: (o) => o.updated_at, desc: true },
  ],
  titleField: 'name',
  // Members are added and removed on the persona page (one way to do it); the form keeps
  // them as they are.
  fields: [
    { key: 'name', label: 'Name', type: 'text', required: true, placeholder: 'e.g. Ops Olivia' },
    { key: 'role', label: 'Role', type: 'text' },
    { key: 'summary', label: 'Summary', type: 'markdown', wide: true },
    { key: 'attributes', label: 'Attributes', type: 'attributes', wide: true, help: 'Company size, tools, seniority — whatever tells them apart.' },
  ],
  empty: {
    title: 'No personas yet',
    body: 'A persona gathers goals, pains and jobs — each backed by what participants said. Create one, or import persona Markdown (Ctrl+I).',
    canImport: true,
  },
  // A statement's hit opens the persona at it (?statement=): that statement is the passage.
  passage: (o, params) => (params.statement ? (o.statements.find((s) => s.id === params.statement)?.text ?? '') : [o.role, o.summary].filter((s) => s.trim()).join('\n')),
  extra: Statements,
  extraLabel: 'Goals, pains and jobs',
  extraFirst: () => true,
};
