import { useCallback, useEffect, useState } from 'react';
import { describeError } from './api';

/** One page of a cursor connection (the contract's shape), with its nodes unwrapped. */
export interface Page<T> {
  nodes: T[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A connection read page by page: the first page on mount, `loadMore` for the next; `replace` puts
 * a changed node (a mutation's result) in its place.
 */
export function useConnection<T extends { id: string }>(fetchPage: (after: string | null) => Promise<Page<T>>) {
  const [nodes, setNodes] = useState<T[]>([]);
  const [totalCount, setTotalCount] = useState<number | null>(null);
  const [pageInfo, setPageInfo] = useState<Page<T>['pageInfo']>({ hasNextPage: false, endCursor: null });
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (after: string | null, isCurrent: () => boolean = () => true) => {
      try {
        const page = await fetchPage(after);
        if (!isCurrent()) return;
        setNodes((previous) => (after ? [...previous, ...page.nodes] : page.nodes));
        setTotalCount(page.totalCount);
        setPageInfo(page.pageInfo);
        setError(null);
      } catch (e) {
        if (isCurrent()) setError(describeError(e));
      }
    },
    [fetchPage],
  );

  useEffect(() => {
    let current = true;
    void load(null, () => current);
    return () => {
      current = false;
    };
  }, [load]);

  return {
    nodes,
    totalCount,
    error,
    hasNextPage: pageInfo.hasNextPage,
    loadMore: () => void load(pageInfo.endCursor),
    /** Reads the first page again (after a node was added). */
    reload: () => void load(null),
    replace: (node: T) => setNodes((previous) => previous.map((n) => (n.id === node.id ? node : n))),
  };
}

/** An ISO 8601 instant in the reader's locale, short. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
