import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import Docker from 'dockerode';
import { deriveTestFeeds } from '../support/derive-test-feeds.js';
import { getWithJsonBody } from '../support/legacy-http.js';
import { ScannerStack } from '../support/scanner-stack.js';

const RHEL = 'image-scanner-test/rhel7like:1';
const UNKNOWN_OS = 'image-scanner-test/unknown-os:1';

describe("the original daemon's REST paths, for its old clients", function () {
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  let workDir: string;
  let stack: ScannerStack;
  let api: string;
  let containerId: string;
  let rhelId: string;
  const containerName = `image-scanner-e2e-legacy-${process.pid}`;

  before(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'image-scanner-e2e-legacy-'));
    await deriveTestFeeds(join(workDir, 'feeds'));
    stack = await ScannerStack.start({
      feedDir: join(workDir, 'feeds'),
      redisUrl: process.env.TEST_LEGACY_REDIS_URL ?? 'redis://127.0.0.1:6379/7',
    });
    api = `${stack.apiUrl}/image-scanner/api`;
    const container = await docker.createContainer({
      Image: RHEL,
      name: containerName,
      Entrypoint: ['/never-run'],
    });
    containerId = container.id;
    rhelId = (await docker.getImage(RHEL).inspect()).Id;
  });

  after(async () => {
    await docker
      .getContainer(containerId)
      .remove({ force: true })
      .catch(() => undefined);
    await stack?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('answers ping with results, as the client checks', async () => {
    const { status, json } = await getWithJsonBody(`${api}/ping`, undefined);
    expect(status).to.equal(200);
    expect(json).to.have.property('results');
  });

  it('lists containers and images under all_containers and all_images', async () => {
    const containers = await getWithJsonBody(`${api}/containers`, undefined);
    expect(containers.json.all_containers.map((c: any) => c.Id)).to.include(containerId);
    const images = await getWithJsonBody(`${api}/images`, undefined);
    expect(images.json.all_images.map((i: any) => i.Id)).to.include(rhelId);
  });

  it('inspects with the id in a JSON body on GET, as inspect_container(cid) sent it', async () => {
    const container = await getWithJsonBody(`${api}/inspect_container`, { cid: containerName });
    expect(container.status).to.equal(200);
    expect(container.json.Id).to.equal(containerId);
    const image = await getWithJsonBody(`${api}/inspect_image`, { iid: RHEL });
    expect(image.json.Id).to.equal(rhelId);
  });

  it('answers an unknown id with the Error key the old client looks for', async () => {
    const { status, json } = await getWithJsonBody(`${api}/inspect_image`, {
      iid: 'image-scanner-test/absent:1',
    });
    expect(status).to.equal(404);
    expect(json.Error).to.be.a('string');
    expect(json.error.code).to.equal('ERR_TARGET_NOT_FOUND');
  });

  it('scans a list sent exactly as scan_list() did, and waits until it is done', async () => {
    // Byte for byte what Client.scan_list([...]) put on the wire: GET, JSON body, this header.
    const { status, json } = await getWithJsonBody(`${api}/scan`, {
      scan: [RHEL, UNKNOWN_OS],
      number: 2,
    });
    expect(status, JSON.stringify(json)).to.equal(200);
    const rhel = json.results[rhelId];
    expect(rhel).to.include({ Critical: 0, Important: 1, Moderate: 3, Low: 6 });
    expect(rhel).to.include({ critical: 0, important: 1, moderate: 3, low: 6 });
    expect(rhel.os).to.match(/Red Hat Enterprise Linux Server 7\.9/);
    // The container made from the image is on the host: it is listed as affected.
    expect(rhel.cids).to.include(containerId.slice(0, 12));
    const xml = await fetch(rhel.xml_url);
    expect(xml.status).to.equal(200);
    expect(await xml.text()).to.match(/oval_results/);
    const html = await fetch(rhel.http_url);
    expect(html.status).to.equal(200);
    expect(await html.text()).to.match(/<html/i);

    const unknownId = (await docker.getImage(UNKNOWN_OS).inspect()).Id;
    expect(json.results[unknownId]).to.include({
      outcome: 'unsupported',
      code: 'ERR_FEED_MISSING',
    });
    expect(json.results[unknownId].msg).to.be.a('string');
    expect(json.json_url).to.match(/\/scans\/[a-z0-9]+\/report$/);
  });

  it('scans all containers with the allcontainers key of scan_all_containers()', async () => {
    const { status, json } = await getWithJsonBody(`${api}/scan`, {
      allcontainers: true,
      number: 2,
    });
    expect(status).to.equal(200);
    expect(json.results[containerId]).to.include({ Important: 1 });
  });

  it('refuses a body that names no scan type, with the Error key', async () => {
    const { status, json } = await getWithJsonBody(`${api}/scan`, { number: 2 });
    expect(status).to.equal(400);
    expect(json.Error).to.match(/scan_type/);
    expect(json.error.code).to.equal('ERR_VALIDATION');
  });
});
