// The deployment files, linted as far as this machine can: Docker cannot run here, so the Dockerfile,
// compose.yaml and the Kubernetes manifest are parsed and checked for what they must say; the systemd
// unit goes through systemd-analyze. (deploy/nginx.conf is run for real by test/scale.test.ts.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from './helpers.ts';

const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';

describe('deployment files', () => {
  it('Dockerfile: builds the binary in one stage, runs it in another as a non-root user on 6666, with a health check', () => {
    const lines = read('Dockerfile').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    const stages = lines.filter((line) => line.startsWith('FROM '));
    assert.equal(stages.length, 2, 'two stages');
    const runtime = lines.slice(lines.indexOf(stages[1]));
    assert.ok(runtime.includes('COPY --from=build /src/dist/misp-ocr /usr/local/bin/misp-ocr'));
    assert.match(runtime.find((line) => line.startsWith('USER ')) ?? '', /^USER (?!root)\S+$/);
    assert.ok(runtime.includes('EXPOSE 6666'));
    assert.match(runtime.find((line) => line.startsWith('HEALTHCHECK')) ?? '', /CMD \["\/usr\/local\/bin\/misp-ocr", "health"\]/);
    // What the build stage copies exists, and the script it runs is the one package.json has.
    for (const line of lines.filter((l) => l.startsWith('COPY ') && !l.includes('--from'))) {
      for (const source of line.split(/\s+/).slice(1, -1)) assert.ok(existsSync(new URL(source, ROOT)), source);
    }
    assert.ok(lines.includes('RUN npm run build:binary'));
    assert.ok(JSON.parse(read('package.json')).scripts['build:binary'].includes('src/binary.ts'));
  });

  it('compose.yaml: the service listens beyond loopback inside its network, publishing no port', () => {
    const service = parse(read('compose.yaml')).services['misp-ocr'];
    assert.equal(service.build, '.');
    assert.equal(service.environment.HOST, '0.0.0.0');
    assert.equal(service.environment.PORT, '6666');
    assert.deepEqual(service.expose, ['6666']);
    assert.equal(service.ports, undefined);
  });

  it('kubernetes.yaml: probes on /healthcheck, a non-root pod, a grace period longer than the server\'s, and an HPA on CPU', () => {
    const [deployment, service, hpa] = parseAllDocuments(read('deploy/kubernetes.yaml')).map((document) => document.toJS());
    assert.deepEqual([deployment.kind, service.kind, hpa.kind], ['Deployment', 'Service', 'HorizontalPodAutoscaler']);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    for (const probe of [container.readinessProbe, container.livenessProbe]) assert.deepEqual(probe.httpGet, { path: '/healthcheck', port: 'http' });
    assert.deepEqual(container.ports, [{ name: 'http', containerPort: 6666 }]);
    assert.equal(pod.securityContext.runAsNonRoot, true);
    const grace = Number(container.env.find((e: any) => e.name === 'MISP_OCR_GRACE').value);
    assert.ok(pod.terminationGracePeriodSeconds > grace);
    assert.equal(service.spec.selector.app, deployment.spec.selector.matchLabels.app);
    assert.equal(hpa.spec.scaleTargetRef.name, deployment.metadata.name);
    assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');
  });

  it('misp-ocr.service: systemd-analyze finds nothing to say', { skip: existsSync(SYSTEMD_ANALYZE) ? false : `${SYSTEMD_ANALYZE} is not installed` }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'misp-ocr-unit-'));
    try {
      // systemd checks that the program exists: any program will do.
      const unit = read('deploy/misp-ocr.service').replace('/usr/local/bin/misp-ocr', process.execPath);
      writeFileSync(join(dir, 'misp-ocr.service'), unit);
      const result = spawnSync(SYSTEMD_ANALYZE, ['verify', join(dir, 'misp-ocr.service')], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stderr.trim(), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
