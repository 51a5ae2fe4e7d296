import fs from 'node:fs';
import path from 'node:path';

/** User text must never reach raw output: no triple-stash but the layout's body, no SafeString anywhere. */

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, ext);
    return entry.name.endsWith(ext) ? [full] : [];
  });
}

const root = path.resolve(__dirname, '../..');

test('No template prints raw HTML except the layout placing the rendered page', () => {
  const raw = filesUnder(path.join(root, 'views'), '.hbs').flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/\{\{\{\s*([^}]*?)\s*\}\}\}|\{\{&\s*([^}]*?)\s*\}\}/g)].map(
      (m) => `${path.relative(root, file)}: ${m[0]}`,
    ),
  );
  expect(raw).toEqual(['views/layouts/main.hbs: {{{body}}}']);
});

test('No server code marks a string as safe HTML', () => {
  const offenders = filesUnder(path.join(root, 'server'), '.ts').filter((file) => /SafeString|escapeExpression\s*=|noEscape/.test(fs.readFileSync(file, 'utf8')));
  expect(offenders).toEqual([]);
});
