import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema.gen';

/**
 * The typed client of the API: its paths, parameters and bodies come from the OpenAPI document the api serves,
 * generated at build time (scripts/build-web.mjs → schema.gen.ts). A change of the API that breaks a call here
 * breaks `tsc -p apps/web`, and so the build.
 */
export type Schemas = components['schemas'];
export type Me = Schemas['Me'];
export type WorkItem = Schemas['WorkItem'];
export type WorkPage = Schemas['WorkPage'];
export type StepDetail = Schemas['StepDetail'];
export type ApiErrorBody = Schemas['Error'];

let csrfToken: string | null = null;
/** The session's CSRF token (from GET /api/v1/me): sent as X-CSRF-Token with every write. */
export const setCsrfToken = (token: string | null | undefined) => {
  csrfToken = token ?? null;
};

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin,
  credentials: 'same-origin',
});
api.use(csrf);

/** A refusal of the API: its status and the shared error body (Vietnamese `message`, per-field `errors`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
  }
}

/** The data of an answer, or an ApiError (a network failure becomes one too, status 0, in Vietnamese). */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await request;
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'Không kết nối được tới máy chủ; xin kiểm tra mạng rồi thử lại.' });
  }
  if (r.response.ok) return r.data as T;
  const e = r.error as Partial<ApiErrorBody> | undefined;
  throw new ApiError(r.response.status, {
    code: e?.code ?? 'HTTP_' + r.response.status,
    message: e?.message ?? 'Máy chủ không thực hiện được yêu cầu. Chưa có gì thay đổi.',
    ...(e?.errors ? { errors: e.errors } : {}),
    ...(e?.reason ? { reason: e.reason } : {}),
  });
}
