// One flat config for the whole workspace. Module boundaries are enforced with real
// constraints: services may use shared libs, libs never reach into services, and the OVAL
// model stays free of queue, HTTP and Docker code.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.nx/**', 'deploy/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: ['bullmq', 'ioredis', 'express', 'dockerode', 'node:http'],
            },
            {
              sourceTag: 'type:engine',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:util',
                'type:domain',
                'type:data-access',
                'type:feeds',
              ],
            },
            // Feed catalogue, download and import: reads OVAL (domain), writes Redis state.
            {
              sourceTag: 'type:feeds',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:domain'],
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:util'],
            },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'type:client',
              onlyDependOnLibsWithTags: ['type:contracts'],
              bannedExternalImports: ['bullmq', 'ioredis', 'express', 'dockerode'],
            },
            {
              sourceTag: 'type:cli',
              onlyDependOnLibsWithTags: [
                'type:client',
                'type:engine',
                'type:feeds',
                'type:contracts',
                'type:util',
                'type:data-access',
              ],
            },
          ],
        },
      ],
      'max-len': [
        'error',
        {
          code: 100,
          ignoreUrls: true,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The reliability suite drives the same three-process stack as the end-to-end tests;
    // sharing that harness by path is deliberate, so the boundary rule does not apply.
    files: ['tests/reliability/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/test/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
      // Tests read JSON answers whose shape is what they assert; typing each one adds nothing.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
