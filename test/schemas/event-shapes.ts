import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** An event type's `data` shape: each field's name (`?` when optional) and its type, aliases spelled out. */
export type Shape = Record<string, string>;

const ROOT = join(__dirname, '..', '..');

/** Every `*.events.ts` of a context: where the event types are declared. */
function eventFiles(): string[] {
  const src = join(ROOT, 'src');
  return readdirSync(src, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(join(src, dir.name))
        .filter((file) => file.endsWith('.events.ts'))
        .map((file) => join(src, dir.name, file)),
    );
}

/**
 * The shape of every event type, read by the TypeScript compiler from the event declarations themselves
 * (`type X = DomainEvent<'X', {...}>`): a field renamed, added, removed or retyped changes it.
 */
export function eventShapes(): Record<string, Shape> {
  const program = ts.createProgram(eventFiles(), { strict: true, skipLibCheck: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const shapes: Record<string, Shape> = {};
  for (const file of eventFiles()) {
    const source = program.getSourceFile(file)!;
    for (const statement of source.statements) {
      if (!ts.isTypeAliasDeclaration(statement) && !ts.isInterfaceDeclaration(statement)) continue;
      const type = checker.getTypeAtLocation(statement.name);
      if (type.isUnion()) continue;
      const typeField = type.getProperty('type');
      const dataField = type.getProperty('data');
      if (!typeField || !dataField) continue;
      const name = checker.getTypeOfSymbolAtLocation(typeField, statement);
      if (!name.isStringLiteral()) continue;
      // A type declared twice is declared as decided and as stored (`MemberJoined` / `SealedMemberJoined`):
      // the log holds the stored one.
      if (shapes[name.value] && !statement.name.text.startsWith('Sealed')) continue;
      const data = checker.getTypeOfSymbolAtLocation(dataField, statement);
      shapes[name.value] = fieldsOf(checker, data, statement);
    }
  }
  return Object.fromEntries(Object.entries(shapes).sort(([a], [b]) => a.localeCompare(b)));
}

function fieldsOf(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): Shape {
  return Object.fromEntries(
    checker
      .getPropertiesOfType(type)
      .map((field): [string, string] => [
        field.flags & ts.SymbolFlags.Optional ? `${field.name}?` : field.name,
        spelled(checker, checker.getTypeOfSymbolAtLocation(field, at), at),
      ])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

/** A type written out in full: unions sorted, aliases and interfaces expanded, so a changed member shows. */
function spelled(checker: ts.TypeChecker, type: ts.Type, at: ts.Node): string {
  if (type.isUnion()) {
    return type.types
      .map((member) => spelled(checker, member, at))
      .sort()
      .join(' | ');
  }
  if (checker.isArrayType(type)) {
    return `${spelled(checker, checker.getTypeArguments(type as ts.TypeReference)[0], at)}[]`;
  }
  if (type.flags & ts.TypeFlags.Object) {
    const fields = Object.entries(fieldsOf(checker, type, at)).map(([name, field]) => `${name}: ${field}`);
    return `{ ${fields.join('; ')} }`;
  }
  return checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
}
