// What a section of the sidebar is: how to list, fetch, create and update its objects, how
// a row reads, how to sort and filter, and which fields its form has. One generic list and
// one generic editor serve every kind; kinds with more (transcripts, statements, tree
// nodes) add a panel under the form.
import type { Component } from 'svelte';
import type { IconName } from '../components/Icon.svelte';
import type { ObjectKind } from '../lib/api';
import type { Route, SectionId } from '../lib/route';

export interface Option {
  value: string;
  label: string;
}

interface Base {
  key: string;
  label: string;
  help?: string;
  required?: boolean;
  placeholder?: string;
  /** Spans both columns of the form grid. */
  wide?: boolean;
}

// `any` in the loaders: drafts differ per kind; each section's fields read their own.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type FieldSpec =
  | (Base & { type: 'text' | 'textarea' | 'markdown' | 'email' | 'tel' })
  | (Base & { type: 'date' | 'datetime' })
  | (Base & { type: 'select'; options: Option[] })
  | (Base & { type: 'number'; min?: number; max?: number; step?: number })
  | (Base & { type: 'color' })
  | (Base & {
      type: 'ref' | 'refs';
      load: (draft: any) => Promise<Option[]>;
      /** What the options depend on in the draft (reloads when it changes). */
      depends?: (draft: any) => string;
      none?: string;
      /** Where a chosen object opens, for a link next to the field. */
      href?: (id: string) => string;
      /** Refs of these kinds are found by searching (the evidence picker), not picked from a list. */
      search?: ObjectKind[];
    })
  | (Base & { type: 'attributes' });

export interface SortSpec<O> {
  key: string;
  label: string;
  value: (o: O) => string | number;
  /** Newest/largest first by default. */
  desc?: boolean;
}

export interface ExtraProps<O> {
  object: O;
  params: Record<string, string>;
  /** Reload the object (and tell lists it changed). */
  reload: () => void;
}

export interface SectionDef<O extends { id: string } = any, I = any> {
  id: SectionId;
  kind: ObjectKind;
  /** Other kinds its rows show something of: a change to one reloads the list too. */
  related?: ObjectKind[];
  /** Sidebar and list heading, plural. */
  label: string;
  /** One object, lower case: "interview". */
  one: string;
  icon: IconName;
  list: () => Promise<O[]>;
  get: (id: string) => Promise<O>;
  create: (input: I) => Promise<O>;
  update: (id: string, input: I) => Promise<O>;
  blank: () => I;
  toInput: (o: O) => I;
  title: (o: O) => string;
  subtitle?: (o: O) => string;
  meta?: (o: O) => string;
  filterText: (o: O) => string;
  sorts: SortSpec<O>[];
  fields: FieldSpec[];
  /** What the field a new object is named by is called (focused first). */
  titleField: string;
  empty: { title: string; body: string; canImport?: boolean };
  /** A panel beside the form for what the object holds (a transcript, statements, nodes). */
  extra?: Component<ExtraProps<O>>;
  /** The panel's tab name: "Transcript". */
  extraLabel?: string;
  /** Another way in than the form: a dialog that makes objects from a file (a tree from Markdown). */
  importer?: { label: string; dialog: Component<{ onclose: () => void }> };
  /** The opened object takes the whole width (a canvas), not a form's reading width. */
  wide?: boolean;
  /** What the detail pane shows while no object is open (the highlights view, the codebook). */
  overview?: Component<{ params: Record<string, string> }>;
  /**
   * The words a search hit found in an object shown as a form (whose fields cannot mark
   * them): shown above it with the searched words marked when the palette opened it.
   */
  passage?: (o: O, params: Record<string, string>) => string;
  /**
   * Kinds that can be marked published for stakeholders (insights, personas): the engine's
   * request, one undoable change. The page shows a switch under the title, a row a badge.
   */
  publish?: (id: string, published: boolean) => Promise<O>;
  /**
   * The whole section's view, when the generic list cannot host it (the feedback inbox pages
   * through 100,000 items with filters and triage keys): it gets this def and the route.
   */
  view?: Component<{ def: SectionDef<O, I>; route: Route }>;
  /** Whether an opened object shows its panel first (else its details form). */
  extraFirst?: (o: O, params: Record<string, string>) => boolean;
}
