/**
 * The web app's addresses (apps/web, served at /app/) that the api and the worker link to: mails, sign-in, the old
 * server pages' redirects. The app's router (apps/web/src/App.tsx) declares the same paths (app-paths.spec.ts checks both agree).
 */
const enc = encodeURIComponent;

export const APP_BASE = '/app';

export const appPaths = {
  /** "Việc của tôi", the first page of a signed-in person. */
  myWork: () => `${APP_BASE}/`,
  plans: () => `${APP_BASE}/ke-hoach`,
  approvals: () => `${APP_BASE}/phe-duyet`,
  monitoring: () => `${APP_BASE}/giam-sat`,
  plan: (planId: string) => `${APP_BASE}/ke-hoach/${enc(planId)}`,
  /** The plan's page with the step's drawer open. */
  step: (planId: string, stepId: string) => `${APP_BASE}/ke-hoach/${enc(planId)}/buoc/${enc(stepId)}`,
} as const;
