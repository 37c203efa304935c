#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { ruleCatalogueMarkdown } from '../core/rule-catalogue';
import { messageOf } from '../core/error-message';

/**
 * Writes the rule catalogue (src/core/rule-catalogue.ts) into the README between its markers:
 *
 *   npm run docs:rules            rewrites README.md in the current folder
 *   npm run docs:rules -- --check exits 1, changing nothing, when the README's table is out of date
 */

export const BEGIN_MARKER =
  '<!-- rule-catalogue:begin — generated from src/core/rule-catalogue.ts by `npm run docs:rules` -->';
export const END_MARKER = '<!-- rule-catalogue:end -->';

/** The README with the generated table between the markers; throws when the markers are missing. */
export function withRuleCatalogue(readme: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin)
    throw new Error(`the README has no rule catalogue markers (${BEGIN_MARKER} … ${END_MARKER})`);
  return `${readme.slice(0, begin + BEGIN_MARKER.length)}\n${ruleCatalogueMarkdown()}\n${readme.slice(end)}`;
}

function main(args: string[]): number {
  const path = 'README.md';
  const current = readFileSync(path, 'utf8');
  const updated = withRuleCatalogue(current);
  if (updated === current) {
    process.stdout.write(`${path}: the rule catalogue is up to date\n`);
    return 0;
  }
  if (args.includes('--check')) {
    process.stderr.write(`${path}: the rule catalogue is out of date; run npm run docs:rules\n`);
    return 1;
  }
  writeFileSync(path, updated);
  process.stdout.write(`${path}: rule catalogue written\n`);
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${messageOf(error)}\n`);
    process.exitCode = 1;
  }
}
