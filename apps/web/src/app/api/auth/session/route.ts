import { probeSession } from '@/lib/proxy/probeSession';

// Reads the caller's cookie and rotates it: never cached or prerendered.
export const dynamic = 'force-dynamic';

// Wrapped, not exported directly: Next passes the route context as the second argument.
export const POST = (request: Request) => probeSession(request);
