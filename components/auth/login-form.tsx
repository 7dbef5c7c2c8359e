'use client';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';


export function LoginForm({ next, prefill, notice }: { next: string; prefill: { username: string; projectName: string; domain: string }; notice: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          username: form.get('username'),
          password: form.get('password'),
          domain: form.get('domain'),
          project: form.get('project'),
        }),
      });
      if (res.ok) {
        window.location.assign(next);
        return;
      }
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `Sign-in failed (${res.status}).`);
    } catch {
      setError('Snapdeck could not be reached. Check your connection and try again.');
    }
    setPending(false);
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-700 dark:bg-slate-900" aria-label="Sign in">
      {notice && <Alert tone="info">{notice}</Alert>}
      {error && <Alert tone="error">{error}</Alert>}
      <Field id="login-username" label="User name">
        {(a11y) => <input {...a11y} name="username" autoComplete="username" required defaultValue={prefill.username} className={inputClass} />}
      </Field>
      <Field id="login-password" label="Password">
        {(a11y) => <input {...a11y} name="password" type="password" autoComplete="current-password" required className={inputClass} />}
      </Field>
      <Field id="login-domain" label="Domain">
        {(a11y) => <input {...a11y} name="domain" required defaultValue={prefill.domain || 'Default'} className={inputClass} />}
      </Field>
      <Field id="login-project" label="Project" optional>
        {(a11y) => <input {...a11y} name="project" defaultValue={prefill.projectName} className={inputClass} placeholder="first available when empty" />}
      </Field>
      <Button type="submit" variant="primary" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
