import { proxyToApi } from '@/lib/proxy/proxyToApi';

// Every request goes to the API as it comes; nothing here may be cached or prerendered.
export const dynamic = 'force-dynamic';

// Wrapped, not exported directly: Next passes the route context as the second argument.
const forward = (request: Request) => proxyToApi(request);

export const GET = forward;
export const POST = forward;
export const PUT = forward;
export const PATCH = forward;
export const DELETE = forward;
export const OPTIONS = forward;
