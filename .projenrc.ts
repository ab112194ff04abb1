import { cdk8s, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-db',
  description: 'Production-grade replicated databases for cdk8s: StatefulSets with lag-aware read endpoints, offsite backups and tested alerts, synthesized to plain YAML.',
  author: 'cdk8s-db developers',
  authorAddress: 'cdk8s-db@users.noreply.github.com',
  repositoryUrl: 'https://github.com/cdk8s-db/cdk8s-db.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,
  keywords: ['cdk8s', 'kubernetes', 'database', 'postgresql', 'mysql', 'mariadb', 'statefulset'],

  // jsii 5.9 runs cleanly on Node 20 (jsii 6 warns that Node 20 is end-of-life).
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',
  cdk8sVersion: '2.70.106',
  constructsVersion: '10.8.1',
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  devDeps: [
    'cdk8s-plus-28@2.5.6',
    'cdk8s-cli@2.207.60',
    'jsii-pacmak@1.135.0',
    'jsii-docgen@10.12.6',
    '@types/node@^20',
    'ajv@^8',
    'yaml@^2',
    's3rver@3.7.1',
  ],
  jestOptions: {
    jestVersion: '^29',
    // Snapshots are a safety net: CI must fail on a changed snapshot, never rewrite it.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 180_000,
      // Real-server tests start PostgreSQL/MariaDB; two workers match the two cores.
      maxWorkers: 2,
      // The end-to-end suite needs a cluster: it runs only with `npx projen test:e2e`.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
    },
  },
  gitignore: ['cdk8s.out/', 'bench/results/', '.tmp/'],

  publishToPypi: { distName: 'cdk8s-db', module: 'cdk8s_db' },
  publishToMaven: {
    javaPackage: 'io.github.cdk8sdb',
    mavenGroupId: 'io.github.cdk8s-db',
    mavenArtifactId: 'cdk8s-db',
  },
  publishToGo: { moduleName: 'github.com/cdk8s-db/cdk8s-db-go' },
  publishToNuget: { dotNetNamespace: 'Cdk8sDb', packageId: 'Cdk8sDb' },
});

// jsii warns on every run that Node 20 is end-of-life; the machine runs Node 20.
project.tasks.addEnvironment('JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20');
project.tasks.addEnvironment('CDK8S_CHECK_UPGRADE', 'false');

// Shell scripts live next to the engine that owns them (src/engines/<engine>/scripts/*.sh)
// and are read at synth time: ship them in lib/ alongside the compiled JavaScript.
project.compileTask.exec("cd src && find . -name '*.sh' -exec cp --parents '{}' ../lib/ ';'");

// The test command checks everything a release needs, without any network but npm:
// jsii compile, unit + real-server tests (jest), lint, and code generation for the
// other jsii languages (python, java, go, dotnet) with jsii-pacmak --code-only.
project.testTask.prependSpawn(project.compileTask);
// First of all: install the Debian packages the tests run against (as root on Debian/Ubuntu;
// otherwise it prints the command, and a suite whose tool is missing fails with one line).
project.testTask.prependExec('sh scripts/test-deps.sh');
const bindings = project.addTask('test:bindings', {
  description: 'Generate python, java, go and dotnet bindings (code only, no toolchains needed)',
  exec: 'jsii-pacmak --code-only --target python --target java --target go --target dotnet',
});
project.testTask.spawn(bindings);

project.addTask('synth:examples', {
  description: 'Synthesize the example apps to YAML (cdk8s.out/)',
  exec: 'cdk8s synth',
  env: { CDK8S_CHECK_UPGRADE: 'false' },
});
project.addTask('diagrams', {
  description: 'Regenerate the topology diagrams of the example apps (docs/diagrams/*.svg) from their synthesized YAML',
  steps: [
    { exec: 'cdk8s synth' },
    { exec: 'ts-node --transpile-only --project test/tsconfig.json validation/src/diagram-cli.ts --examples' },
  ],
});
// End-to-end suite on a real cluster (the one KUBECONFIG names): test/e2e/, not part of `npm test`.
project.addTask('test:e2e', {
  description: 'End-to-end scenarios on the Kubernetes cluster named by KUBECONFIG (see README, "Tested on a real cluster")',
  exec: 'jest --config test/e2e/jest.config.json --ci --forceExit',
  receiveArgs: true,
});
project.addTask('bench', {
  description: 'Synthesis benchmark: the library vs. plain cdk8s objects',
  exec: 'ts-node --transpile-only --project test/tsconfig.json bench/synth.bench.ts',
});

// The published package holds only what a user needs: the compiled library with its shell
// scripts, the jsii assembly, README, LICENSE and API.md (test/package.test.ts checks it).
// The validation plugin is its own package (validation/, cdk8s-db-validation).
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', 'lib/**/*.sh', '.jsii', 'API.md']);
project.eslint?.addLintPattern('validation/src');
project.eslint?.addLintPattern('scripts');
project.eslint?.allowDevDeps('scripts/**');

// eslint-import-resolver-typescript 4.x pulls unrs-resolver, whose per-platform optional
// packages npm leaves out of the lockfile, so that `npm ci` on a fresh clone refuses it.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@3.6.3');

project.synth();
