export { requireBearerToken } from './bearer-auth.js';
export { errorHandler, notFoundHandler, toCodedError } from './error-handler.js';
export {
  startHttpService,
  type HttpServiceOptions,
  type StartedHttpService,
} from './start-http-service.js';
