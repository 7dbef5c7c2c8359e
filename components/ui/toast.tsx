'use client';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

interface Toast {
  id: number;
  content: ReactNode;
  tone: 'info' | 'success' | 'error';
}

interface ToastApi {
  /** Shows a toast; returns its id. A toast stays until dismissed or replaced. */
  show: (content: ReactNode, tone?: Toast['tone'], id?: number) => number;
  dismiss: (id: number) => void;
}

const ToastContext = createContext<ToastApi | null>(null);
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback((content: ReactNode, tone: Toast['tone'] = 'info', id?: number) => {
    const tid = id ?? nextId++;
    setToasts((ts) => (ts.some((t) => t.id === tid) ? ts.map((t) => (t.id === tid ? { id: tid, content, tone } : t)) : [...ts, { id: tid, content, tone }]));
    return tid;
  }, []);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  const border = { info: 'border-sky-400', success: 'border-emerald-500', error: 'border-red-500' };
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-96 max-w-[calc(100vw-2rem)] flex-col gap-2">
        {toasts.map((t) => (
          <div key={t.id} role={t.tone === 'error' ? 'alert' : 'status'} className={`pointer-events-auto rounded-md border-l-4 ${border[t.tone]} bg-white p-3 text-sm shadow-lg dark:bg-slate-800`}>
            <div className="flex items-start gap-2">
              <div className="flex-1">{t.content}</div>
              <button type="button" aria-label="Dismiss notification" className="text-slate-500 hover:text-slate-800 dark:hover:text-white" onClick={() => dismiss(t.id)}>✕</button>
            </div>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const ctx = useContext(ToastContext);
  if (!ctx) throw new Error('useToast outside ToastProvider');
  return ctx;
}
