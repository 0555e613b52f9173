// ESLint for the UI: the recommended rules of ESLint, typescript-eslint and the Svelte plugin
// (flat config). `npm run lint` runs it; scripts/test.sh runs that. A rule switched off or
// relaxed here says why.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  // Built output and generated code are not ours to lint (the generated client is checked by
  // its generator's tests and by svelte-check).
  { ignores: ['dist/', 'node_modules/', 'src/lib/api/generated/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser },
    },
    rules: {
      // A leading underscore marks a name that must be there but is not used: a property taken
      // out of an object with rest (`const { [id]: _, ...rest } = o`), an action's parameter.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Off: the UI keeps collections as immutable snapshots in `$state.raw` (replaced whole,
      // `map = new Map(map).set(k, v)`) or builds them inside `$derived` and functions as local
      // lookups. SvelteMap/SvelteSet are for collections mutated in place; the rule cannot tell
      // those apart from a fresh Map that is never mutated after it is stored.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // Svelte components and rune modules (`*.svelte.ts`) parse their script with TypeScript.
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // The config files run in Node.
    files: ['*.config.js', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
