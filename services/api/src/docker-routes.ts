import { CodedError, type DockerObject } from '@image-scanner/contracts';
import { Router, type Request } from 'express';
import type { DockerQueryService } from './docker-query-service.js';

/** A name, tag, digest reference, full id or id prefix, as `docker inspect` takes them. */
const REF = /^[A-Za-z0-9][A-Za-z0-9_.:/@+-]{0,255}$/;

function flag(req: Request, name: string): boolean {
  const raw = req.query[name];
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1' || raw === '') return true;
  throw new CodedError('ERR_VALIDATION', `${name}: must be true or false`, { field: name });
}

/** The Docker host a request is about: `?host=`, else the first configured one. */
function hostOf(req: Request, defaultHost: string): string {
  const raw = req.query.host;
  if (raw === undefined) return defaultHost;
  if (typeof raw !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(raw)) {
    throw new CodedError('ERR_VALIDATION', 'host: must be the name of a configured Docker host', {
      field: 'host',
    });
  }
  return raw;
}

/** Express 5 hands a `*ref` wildcard over as its path segments. */
function refOf(req: Request): string {
  const raw = (req.params as { ref?: string | string[] }).ref;
  const ref = Array.isArray(raw) ? raw.join('/') : (raw ?? '');
  if (!REF.test(ref)) {
    throw new CodedError('ERR_INVALID_ID', 'must be an image or container name, tag or id', {
      field: 'id',
    });
  }
  return ref;
}

/**
 * `GET /images`, `GET /containers`, `GET /images/:id`, `GET /containers/:id`: what a Docker
 * host has, answered by one of its workers. Ids may be names, tags or prefixes; slashes in
 * a name may be sent as they are or encoded.
 */
export function dockerRoutes(queries: DockerQueryService, defaultHost: string): Router {
  const router = Router();

  router.get('/images', async (req, res) => {
    const host = hostOf(req, defaultHost);
    const images = await queries.ask<DockerObject[]>(host, {
      kind: 'list-images',
      all: flag(req, 'all'),
    });
    res.json({ host, images });
  });

  router.get('/containers', async (req, res) => {
    const host = hostOf(req, defaultHost);
    const containers = await queries.ask<DockerObject[]>(host, {
      kind: 'list-containers',
      onlyActive: flag(req, 'onlyActive'),
    });
    res.json({ host, containers });
  });

  router.get('/images/*ref', async (req, res) => {
    const ref = refOf(req);
    res.json(await queries.ask(hostOf(req, defaultHost), { kind: 'inspect-image', ref }));
  });

  router.get('/containers/*ref', async (req, res) => {
    const ref = refOf(req);
    res.json(await queries.ask(hostOf(req, defaultHost), { kind: 'inspect-container', ref }));
  });

  return router;
}
