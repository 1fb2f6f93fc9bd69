import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  loading?: boolean;
  /**
   * Visibly disabled with a reason: stays focusable (aria-disabled, not `disabled`) so keyboard
   * and screen-reader users reach it and hear why; clicks do nothing.
   */
  disabledReason?: string;
  children: ReactNode;
}

export function Button({ variant = 'secondary', size = 'md', loading, disabledReason, className, onClick, type = 'button', children, ...rest }: ButtonProps) {
  const blocked = !!disabledReason || loading;
  return (
    <button
      {...rest}
      type={type}
      className={['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', className ?? ''].filter(Boolean).join(' ')}
      aria-disabled={blocked || undefined}
      aria-busy={loading || undefined}
      title={disabledReason ?? rest.title}
      onClick={(e) => {
        if (blocked) {
          e.preventDefault();
          return;
        }
        onClick?.(e);
      }}
    >
      {loading ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}
