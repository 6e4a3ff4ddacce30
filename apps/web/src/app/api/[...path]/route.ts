import { proxyToApi } from '@/lib/proxy/proxyToApi';

// Every request goes to the API as it comes; nothing here may be cached or prerendered.
export const dynamic = 'force-dynamic';

export const GET = proxyToApi;
export const POST = proxyToApi;
export const PUT = proxyToApi;
export const PATCH = proxyToApi;
export const DELETE = proxyToApi;
export const OPTIONS = proxyToApi;
