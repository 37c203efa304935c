/* global require, process, console */
// Run before the tests and every build (npm's pretest and prebuild): on a Node older than package.json's
// "engines", one line saying which Node is needed, instead of a native crash further on (better-sqlite3 13
// on Node 20 ends in a segmentation fault). Plain CommonJS, so that an old Node runs it too.
'use strict';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS, for any Node
const required = require('../package.json').engines.node;
const wanted = /^>=(\d+)\.(\d+)$/.exec(required);
if (!wanted) throw new Error(`scripts/check-node.cjs reads engines.node as ">=MAJOR.MINOR", not "${required}"`);
const [major, minor] = [Number(wanted[1]), Number(wanted[2])];
const [actualMajor, actualMinor] = process.versions.node.split('.').map(Number);
if (actualMajor < major || (actualMajor === major && actualMinor < minor)) {
  console.error(
    `union-ledger needs Node.js ${major}.${minor} or later (24 recommended); this is Node ${process.versions.node}: ` +
      'see the README, "Requirements" (scripts/with-node.sh 24 <command>).',
  );
  process.exit(1);
}
