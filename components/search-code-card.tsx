/** The code card above the results when the query reads as an error code: name, family, value, its page. */
import { withBase } from '../client/base-path';
import type { CodeCard } from '../lib/search/query';

const FAMILY_NAMES: Record<string, string> = {
  win32: 'Win32 error', winsock: 'Windows Sockets error', hresult: 'HRESULT', ntstatus: 'NTSTATUS', bugcheck: 'Bug check (STOP)', netapi: 'Network (LAN Manager) error',
};

export function SearchCodeCard({ card }: { card: CodeCard }) {
  return (
    <aside className="kb-code-card" aria-label={`Error code ${card.name}`}>
      <p className="kb-code-card-name"><a href={withBase(card.href)}>{card.name}</a></p>
      <p className="kb-code-card-meta">
        {FAMILY_NAMES[card.family] ?? card.family} · {(card.value >>> 0).toLocaleString('en-US', { useGrouping: false })} · {card.hex}
        {card.articles !== null && <> · cited by {card.articles} {card.articles === 1 ? 'article' : 'articles'}</>}
      </p>
    </aside>
  );
}
