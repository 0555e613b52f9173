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
    // The participant page runs on plain HTTP on the room's network: no secure context, so
    // randomUUID, the clipboard, crypto.subtle and service workers are not there (keys come
    // from crypto.getRandomValues). One bundle, no lazy chunks: no dynamic import().
    files: ['src/participant/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'crypto', property: 'randomUUID', message: 'Not on plain HTTP: use crypto.getRandomValues.' },
        { object: 'crypto', property: 'subtle', message: 'Not on plain HTTP (no secure context).' },
        { object: 'navigator', property: 'clipboard', message: 'Not on plain HTTP (no secure context).' },
        { object: 'navigator', property: 'serviceWorker', message: 'Not on plain HTTP (no secure context).' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          // However it is reached (window.crypto.randomUUID, a destructuring, …).
          selector:
            ':matches(MemberExpression[property.name=/^(randomUUID|subtle|clipboard|serviceWorker)$/], Property[key.name=/^(randomUUID|subtle|clipboard|serviceWorker)$/])',
          message: 'Not available on the plain-HTTP participant page (no secure context).',
        },
        { selector: 'ImportExpression', message: 'The participant page is one bundle: no dynamic import().' },
      ],
    },
  },
  {
    // The config files run in Node.
    files: ['*.config.js', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
