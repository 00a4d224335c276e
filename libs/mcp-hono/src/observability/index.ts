export { createObservabilityRoutes } from './observability-routes.js';
export type { ObservabilityRoutesOptions } from './observability-routes.js';
export { observabilityPage } from './observability-page.js';
export { currentRequestId, requestId, REQUEST_ID_HEADER } from './request-id.js';
export { observeToolCalls } from './tool-call-observer.js';
