import { useEffect, useState } from 'react';
import { navigate, useLocation, withSearch } from '../lib/router.js';
import { SelectField, TextField } from './field.js';

/** List filters live in the URL (deep links, the back button); the search box types ahead of it. */
export function useListFilters<K extends string>(keys: K[]): { values: Record<K, string>; setFilter: (key: K, value: string) => void } {
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>;
  return { values, setFilter: (key, value) => navigate(withSearch(location, { [key]: value }), { replace: true }) };
}

export interface FilterSelect<K extends string> {
  key: K;
  label: string;
  options: { value: string; label: string }[];
}

export function SearchFilters<K extends string>({
  label,
  placeholder,
  values,
  setFilter,
  selects,
}: {
  label: string;
  placeholder: string;
  values: Record<K | 'q', string>;
  setFilter: (key: K | 'q', value: string) => void;
  selects: FilterSelect<K>[];
}) {
  const [q, setQ] = useState(values.q);
  useEffect(() => setQ(values.q), [values.q]);
  useEffect(() => {
    if (q === values.q) return;
    const t = setTimeout(() => setFilter('q', q), 250);
    return () => clearTimeout(t);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="filters" role="search">
      <TextField className="field-grow" label={label} type="search" placeholder={placeholder} value={q} onChange={(e) => setQ(e.target.value)} />
      {selects.map((s) => (
        <SelectField key={s.key} label={s.label} options={s.options} value={values[s.key]} onChange={(e) => setFilter(s.key, e.target.value)} />
      ))}
    </div>
  );
}
