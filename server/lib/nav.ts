/**
 * The section of the main navigation a path belongs to, so the header marks it
 * on every page of the section (a recommendation, its edit form, the import),
 * not only on the section's first page.
 */
const SECTIONS: Record<string, string> = {
  '': 'recommendations',
  recommendations: 'recommendations',
  import: 'recommendations',
  reports: 'reports',
  board: 'board',
  mechanisms: 'mechanisms',
  bodies: 'bodies',
  sources: 'sources',
  admin: 'admin',
};

export function navSectionOf(path: string): string | undefined {
  return SECTIONS[path.split('/')[1] ?? ''];
}

export interface NavItem {
  href: string;
  label: string;
  /** `page` on the section's own page, `true` on the pages under it. */
  current?: 'page' | 'true';
}

const ITEMS: { section: string; href: string; label: string }[] = [
  { section: 'recommendations', href: '/recommendations', label: 'nav.recommendations' },
  { section: 'board', href: '/board', label: 'nav.board' },
  { section: 'reports', href: '/reports', label: 'nav.reports' },
  { section: 'mechanisms', href: '/mechanisms', label: 'nav.mechanisms' },
  { section: 'bodies', href: '/bodies', label: 'nav.bodies' },
  { section: 'sources', href: '/sources', label: 'nav.sources' },
  { section: 'admin', href: '/admin', label: 'nav.admin' },
];

/** The header's links on this path: those the user may open (`mayOpen`: by the route tables' policies). */
export function navItems(path: string, mayOpen: (href: string) => boolean): NavItem[] {
  const section = navSectionOf(path);
  return ITEMS.filter((item) => mayOpen(item.href)).map((item) => ({
    href: item.href,
    label: item.label,
    current: item.section !== section ? undefined : path === item.href ? 'page' : 'true',
  }));
}
